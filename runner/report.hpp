#pragma once
// The end-of-run report: what `logsweep run` prints and writes next to the results when the
// matrix is finished, so a sweep ends with its tables and figures without another command.
#include <vector>

#include "cluster/config/config.hpp"
#include "results/store/record.hpp"
#include "results/report/tables.hpp"

namespace logsweep {

// Prints the methods table (one per budget) and the budget sweep to stdout, and writes every
// table layout (Markdown, LaTeX, CSV), the tidy CSV and the figures (SVG, plus PNG when
// rsvg-convert exists) into <dir of cfg.output>/report/. Only the jobs of cfg's matrix count.
// When any job has a per-round record (the LogAction family), also selection.md / selection.csv
// (the selection layout) and selection_f1.svg (F1 after each selection round).
void write_run_report(const ExperimentConfig& cfg);

// Each stored method's default settings (paper and quick profile), so that its default setting
// keeps the plain row name in tables and plots (results/report/tables_variants.hpp). Methods this build
// does not know get none.
DefaultParams method_defaults(const std::vector<JobRecord>& records);

// Table options that know what the method registry knows: each stored method's default settings
// and every registered method's family (ablation and selection layouts).
TableOptions registry_table_options(const std::vector<JobRecord>& records);

}  // namespace logsweep
