// The tidy CSV layout (tables_tidy.hpp): what is not a record field — the id, the selection
// record's two counts and the extras — and the CSV text.
#include "results/report/tables_tidy.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "results/report/table_grid.hpp"

namespace logsweep::table::tidy {

std::vector<const JobRecord*> sorted(const std::vector<const JobRecord*>& recs_in) {
  std::vector<const JobRecord*> recs = recs_in;
  std::sort(recs.begin(), recs.end(), [](const JobRecord* a, const JobRecord* b) {
    return std::tie(a->source, a->target, a->method, a->budget, a->seed, a->id) <
           std::tie(b->source, b->target, b->method, b->budget, b->seed, b->id);
  });
  return recs;
}

namespace {
void append_line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  out += "\n";
}
}  // namespace

std::string render(const std::vector<std::string>& names, const std::vector<Row>& rows) {
  std::set<std::string> extra_names;
  for (const Row& row : rows)
    for (const auto& [k, v] : row.rec->result.extra) extra_names.insert(k);
  std::vector<std::string> header{"id"};
  header.insert(header.end(), names.begin(), names.end());
  header.insert(header.end(), {"rounds", "n_selected"});
  for (const auto& e : extra_names) header.push_back("extra." + e);
  std::string out;
  append_line(out, header);
  for (const Row& row : rows) {
    const MethodResult& m = row.rec->result;
    const bool done = row.rec->status == JobStatus::Done;
    std::int64_t n_selected = 0;
    for (const auto& round : m.selected) n_selected += static_cast<std::int64_t>(round.size());
    std::vector<std::string> f{row.rec->id};
    f.insert(f.end(), row.cells.begin(), row.cells.end());
    f.push_back(done ? cell(m.selected.size()) : "");
    f.push_back(done ? cell(n_selected) : "");
    for (const auto& e : extra_names) {
      auto it = m.extra.find(e);
      f.push_back(it == m.extra.end() ? "" : cell(it->second));
    }
    append_line(out, f);
  }
  return out;
}

}  // namespace logsweep::table::tidy
