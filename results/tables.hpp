#pragma once
// Paper-style tables from stored job records (`logsweep table RESULTS.h5`).
//
// Layouts:
//   methods   rows = methods (x budget when several), column groups = (source -> target) pairs
//             with F1/P/R sub-columns, plus an Average group (mean over pairs of the per-pair
//             means; shown only when the row has a value for every pair).
//   ablation  as methods, rows = LogAction and its LogAction_w* variants only.
//   budget    rows = budgets, column groups = pairs, sub-columns = methods, one metric.
//   tidy      CSV, one row per job with every stored field (raw fractions, full precision);
//             `format` is ignored.
// A cell is "mean ± std (n)" over the seeds that finished (sample std; "mean (1)" for one seed).
// The best value per column (budget layout: per row, i.e. best method at each budget) is bold
// when at least two cells compete. A cell with no job is "—"; all seeds failed is "failed†",
// all skipped "skipped‡"; a value whose cell also had failed/skipped seeds carries †/‡. The
// marks are explained in footnotes under the table, with the recorded reasons. Failed and
// skipped jobs never count as zero.
#include <string>
#include <vector>

#include "results/record.hpp"

namespace logsweep {

enum class TableLayout { Methods, Ablation, Budget, Tidy };
enum class TableFormat { Markdown, Latex, Csv };

// ConfigError naming the valid values (with the nearest one) for an unknown name.
TableLayout parse_table_layout(const std::string& name);   // methods | ablation | budget | tidy
TableFormat parse_table_format(const std::string& name);   // markdown | latex | csv
const char* table_layout_name(TableLayout l);
const char* table_format_name(TableFormat f);

struct TableOptions {
  TableLayout layout = TableLayout::Methods;
  TableFormat format = TableFormat::Markdown;
  std::string metric = "f1";           // budget layout: f1 | precision | recall | auc
  int decimals = 2;
  bool percent = true;                 // show metrics x 100
  // Filters; when given they also fix the order of rows/columns. Empty = all, sorted by name.
  std::vector<std::string> methods;
  std::vector<std::string> pairs;      // "SOURCE->TARGET"
  std::vector<double> budgets;         // fractions, e.g. 0.02
};

// The table as text, ready to print / \input / load. Throws ConfigError for a bad option
// (unknown metric, decimals outside 0..6, malformed pair).
std::string render_table(const std::vector<JobRecord>& records, const TableOptions& options);

// One metric of a record as a fraction; NaN when the record has none (auc of a score-less
// method). Throws ConfigError for an unknown metric name.
double record_metric(const JobRecord& rec, const std::string& metric);

}  // namespace logsweep
