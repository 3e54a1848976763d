#pragma once
// The end-of-run report: what `logsweep run` prints and writes next to the results when the
// matrix is finished, so a sweep ends with its tables and figures without another command.
#include "cluster/config.hpp"

namespace logsweep {

// Prints the methods table (one per budget) and the budget sweep to stdout, and writes every
// table layout (Markdown, LaTeX, CSV), the tidy CSV and the figures (SVG, plus PNG when
// rsvg-convert exists) into <dir of cfg.output>/report/. Only the jobs of cfg's matrix count.
void write_run_report(const ExperimentConfig& cfg);

}  // namespace logsweep
