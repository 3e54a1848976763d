#pragma once
// The tidy CSV layout: one row per stored job (sorted by source, target, method, budget, seed,
// id), one column per scalar field of the record in the order of results/store/record_fields.hpp
// (nothing here lists them again), then `rounds` and `n_selected` (from the selection record) and
// one `extra.<name>` column per extra figure any job reported. Raw fractions, full precision. The
// outcome of a job that did not finish (visit_result_fields, rounds, n_selected) is blank, never
// zero; so is an auc of -1 (no score).
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "results/store/record_fields.hpp"

namespace logsweep::table {

// The field list the CSV reads: the record's own (tests hand in a longer one to see a new field
// become a column).
struct RecordFields {
  template <class Visit>
  void job(Visit&& visit, const JobRecord& r) const { visit_job_fields(visit, r); }
  template <class Visit>
  void outcome(Visit&& visit, const MethodResult& m) const { visit_result_fields(visit, m); }
};

namespace tidy {
struct Row {
  const JobRecord* rec = nullptr;
  std::vector<std::string> cells;  // one per field, in field order
};
inline std::string cell(const std::string& s) { return s; }
inline std::string cell(JobStatus s) { return status_name(s); }
template <class T>
std::string cell(const T& v) { return fmt::format("{}", v); }

// The CSV text: `id`, `names`, the derived columns, the extras; rows as given.
std::string render(const std::vector<std::string>& names, const std::vector<Row>& rows);
std::vector<const JobRecord*> sorted(const std::vector<const JobRecord*>& recs);

template <class Fields>
std::vector<std::string> cells_of(const Fields& fields, const JobRecord& r, bool done) {
  std::vector<std::string> out;
  fields.job([&](const char*, const auto& v) { out.push_back(cell(v)); }, r);
  fields.outcome([&](const char* name, const auto& v) {
    const bool no_score = std::string_view(name) == "auc" && v < 0;
    out.push_back(done && !no_score ? cell(v) : std::string());
  }, r.result);
  return out;
}
}  // namespace tidy

template <class Fields = RecordFields>
std::string render_tidy(const std::vector<const JobRecord*>& recs, const Fields& fields = {}) {
  std::vector<std::string> names;
  auto name = [&](const char* n, const auto&) { names.emplace_back(n); };
  const JobRecord blank;
  fields.job(name, blank);
  fields.outcome(name, blank.result);
  std::vector<tidy::Row> rows;
  for (const JobRecord* r : tidy::sorted(recs))
    rows.push_back({r, tidy::cells_of(fields, *r, r->status == JobStatus::Done)});
  return tidy::render(names, rows);
}

}  // namespace logsweep::table
