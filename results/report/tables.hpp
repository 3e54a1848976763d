#pragma once
// Paper-style tables from stored job records (`logsweep table RESULTS.h5`).
//
// Layouts:
//   methods   rows = methods (x budget when several), column groups = (source -> target) pairs
//             with F1/P/R sub-columns, plus an Average group (mean over pairs of the per-pair
//             means; shown only when the row has a value for every pair).
//   ablation  as methods, rows = the Proposed method and its Ablations only (TableOptions::families).
//   budget    rows = budgets, column groups = pairs, sub-columns = methods, one metric.
//   tidy      CSV, one row per job with every stored field (raw fractions, full precision);
//             `format` is ignored.
//   sensitivity  rows = values of `x` (the budget or any resolved method parameter), column
//             groups = pairs, sub-columns = methods/variants, one metric; a 95% t interval by
//             default (the CLI sets ci = T). x != budget needs a single budget.
//   selection the LogAction family's per-round record (jobs with MethodResult::rounds): per
//             method setting, pair, budget and seed one row per round (round 0 = before the first
//             purchase) with what was bought, its and the pool's anomalous share, the energy and
//             margin thresholds and the test P/R/F1 after that round's training; then a "mean over
//             seeds" row per round (results/report/tables_selection.cpp).
// A data setting that differs only between pairs (window.kind of each target) names no row: it
// is listed per pair under the table (results/report/tables_variants.hpp).
// Rows are method settings, not methods: jobs of one method with different resolved parameters
// are different rows named by what differs (results/report/tables_variants.hpp), never extra seeds.
// A cell is "mean ± std (n)" over the seeds that finished (sample std; "mean (1)" for one seed);
// with `ci` it is "mean ± std [lo, hi] (n)", the 95% interval of the mean over seeds.
// With `versus` = a row name, every other row's cell is compared with the reference's cell of the
// same pair and budget/x by a Wilcoxon signed-rank test over the seeds both finished, Holm-
// corrected across the rows of that column, and marked ▲ better / ▼ worse / ≈ no significant
// difference / ? too few matched seeds (< 6: no two-sided p below 0.05 is possible); a summary
// under the table tests each row over all its matched jobs (win/tie/loss counts, p, Holm p).
// The best value per column (budget layout: per row, i.e. best method at each budget) is bold
// when at least two cells compete. A cell with no job is "—"; all seeds failed is "failed†",
// all skipped "skipped‡"; a value whose cell also had failed/skipped seeds carries †/‡. The
// marks are explained in footnotes under the table, with the recorded reasons. Failed and
// skipped jobs never count as zero.
#include <string>
#include <vector>

#include "results/store/record.hpp"
#include "core/metrics/method_family.hpp"
#include "results/report/tables_variants.hpp"

namespace logsweep {

enum class TableLayout { Methods, Ablation, Budget, Tidy, Sensitivity, Selection };
enum class TableCi { None, T, Bootstrap };
enum class TableFormat { Markdown, Latex, Csv };

// ConfigError naming the valid values (with the nearest one) for an unknown name.
// methods | ablation | budget | tidy | sensitivity | selection
TableLayout parse_table_layout(const std::string& name);
TableCi parse_table_ci(const std::string& name);           // none | t | bootstrap
TableFormat parse_table_format(const std::string& name);   // markdown | latex | csv
const char* table_layout_name(TableLayout l);
const char* table_format_name(TableFormat f);
// The names the parsers above and TableOptions::metric accept, in enum order: the one list that
// the command line's help texts read.
const std::vector<std::string>& table_layout_names();
const std::vector<std::string>& table_format_names();
const std::vector<std::string>& table_ci_names();
const std::vector<std::string>& table_metric_names();

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
  TableCi ci = TableCi::None;          // 95% confidence interval of the mean over seeds
  std::string versus;                  // reference row for the paired comparison (empty = none)
  double alpha = 0.05;                 // significance level of --versus
  std::string x = "budget";            // sensitivity layout: budget | a resolved parameter name
  DefaultParams default_params;        // each method's default setting(s), for row names
  MethodFamilies families;             // each method's family, for the ablation and selection layouts
};

// Minimum matched seeds for a paired test: with fewer, no two-sided Wilcoxon p reaches 0.05.
constexpr int kMinPairedJobs = 6;

// The table as text, ready to print / \input / load. Throws ConfigError for a bad option
// (unknown metric, decimals outside 0..6, malformed pair, a --versus row that is not in the
// table, a sensitivity x that no shown job has).
std::string render_table(const std::vector<JobRecord>& records, const TableOptions& options);

// One metric of a record as a fraction; NaN when the record has none (auc of a score-less
// method). Throws ConfigError for an unknown metric name.
double record_metric(const JobRecord& rec, const std::string& metric);

}  // namespace logsweep
