#pragma once
// Internal: the format-independent table that results/tables.cpp builds and the renderers in
// results/table_render.cpp print.
#include <string>
#include <vector>

#include "results/tables.hpp"

namespace logsweep::table {

struct Cell {
  enum class Kind { Value, Missing, Failed, Skipped };
  Kind kind = Kind::Missing;
  double mean = 0, std = 0;  // already scaled (percent or fraction)
  int n = 0;                 // seeds behind the value; 0 = derived value shown without ± (n)
  bool some_failed = false, some_skipped = false;
  bool bold = false;
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
};

std::string render_markdown(const Grid& g, const TableOptions& o);
std::string render_latex(const Grid& g, const TableOptions& o);
std::string render_csv(const Grid& g, const TableOptions& o);

// Shared text helpers.
std::string number(double v, int decimals);
std::string csv_field(const std::string& s);

}  // namespace logsweep::table
