#pragma once
// Internal: the format-independent table that results/report/tables.cpp builds and the renderers in
// results/report/table_render.cpp print.
#include <string>
#include <vector>

#include "results/store/record.hpp"
#include "results/report/tables.hpp"

namespace logsweep::table {

struct Cell {
  enum class Kind { Value, Missing, Failed, Skipped };
  // Paired comparison with the --versus reference (None: not compared, e.g. the reference itself).
  enum class Versus { None, Better, Worse, Same, TooFew };
  Kind kind = Kind::Missing;
  double mean = 0, std = 0;  // already scaled (percent or fraction)
  int n = 0;                 // seeds behind the value; 0 = derived value shown without ± (n)
  bool has_ci = false;       // ci_lo/ci_hi hold a confidence interval of the mean (scaled)
  double ci_lo = 0, ci_hi = 0;
  Versus versus = Versus::None;
  bool some_failed = false, some_skipped = false;
  bool bold = false;
};

// The seeds of one table cell: (row name, axis value, pair).
struct Bucket {
  std::vector<const JobRecord*> done;
  int failed = 0, skipped = 0;
};

// One method row's paired comparison with the reference over every matched job of the table.
struct VersusRow {
  std::string name;
  int matched = 0;               // (pair, budget/x, seed) jobs with a value on both sides
  int wins = 0, ties = 0, losses = 0;
  bool tested = false;           // false: too few matched jobs
  double p = 1, p_holm = 1;      // Wilcoxon two-sided, Holm-adjusted across the rows
  bool exact = true;
  double w_plus = 0, w_minus = 0;  // signed-rank sums (row above / below the reference)
  double mean_diff = 0;          // mean of (row - reference), scaled
};

struct ColumnGroup {
  std::string source, target;  // empty for the Average group / single-pair header
  std::string label;           // "Average" when not a pair
  std::vector<std::string> sub;
};

struct Grid {
  std::vector<std::string> label_headers;          // "Method" (and "Budget")
  std::vector<ColumnGroup> groups;
  std::vector<std::vector<std::string>> labels;    // per row, one per label header
  std::vector<std::vector<Cell>> cells;            // per row, one per sub-column (all groups)
  std::string legend;                              // what a cell means
  std::vector<std::string> failed_reasons, skipped_reasons;  // distinct messages
  std::string labels_note;                         // target labels read per job; empty = none read
  int failed_jobs = 0, skipped_jobs = 0;
  bool ci_columns = false;                         // CSV: add "lo"/"hi" columns
  std::string versus;                              // reference of the paired comparison; empty = none
  std::string versus_metric;                       // metric of the summary rows
  std::vector<VersusRow> versus_rows;
  std::string extra_note;                          // e.g. rows dropped from a sensitivity table
  std::string settings_note;                       // data settings per pair (data_settings_note)
};

// A cell compared with the reference's cell of the same column (results/report/tables_versus.cpp).
struct PairedCell {
  Cell* cell = nullptr;
  const Bucket* mine = nullptr;
  const Bucket* ref = nullptr;
  std::string metric;
  std::string family;  // the column: cells of one family are Holm-corrected together
};
// Sets each cell's Versus mark: Wilcoxon over seeds finished on both sides, Holm within a family.
void mark_versus(std::vector<PairedCell>& cells, double alpha);
// One summary row per name: all its (mine, ref) buckets pooled by (bucket, seed); Holm across rows.
std::vector<VersusRow> versus_summary(
    const std::vector<std::pair<std::string, std::vector<std::pair<const Bucket*, const Bucket*>>>>& rows,
    const std::string& metric, double scale);
// Values of `metric` of the seeds finished in both buckets, in seed order (unscaled).
void matched_values(const Bucket* a, const Bucket* b, const std::string& metric, std::vector<double>& x,
                    std::vector<double>& y);

std::string render_markdown(const Grid& g, const TableOptions& o);
std::string render_latex(const Grid& g, const TableOptions& o);
std::string render_csv(const Grid& g, const TableOptions& o);

// tables_selection.cpp: the per-round selection record of the LogAction family.
std::string render_selection(const std::vector<const JobRecord*>& recs, const TableOptions& o);

// Shared text helpers.
std::string number(double v, int decimals);
std::string csv_field(const std::string& s);
std::string md_escape(const std::string& s);   // '|' escaped for a Markdown cell
std::string tex_escape(const std::string& s);  // LaTeX special characters escaped
std::string tex_text(const std::string& s);    // tex_escape + the legends' UTF-8 symbols as LaTeX
std::string md_row(const std::vector<std::string>& cells);
std::string budget_label(double budget);  // a fraction as "2%", "0.5%"

}  // namespace logsweep::table
