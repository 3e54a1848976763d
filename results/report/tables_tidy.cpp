// The tidy CSV layout: one row per stored job with every field (raw fractions, full precision).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "results/report/table_grid.hpp"

namespace logsweep::table {

std::string render_tidy(const std::vector<const JobRecord*>& recs_in) {
  std::vector<const JobRecord*> recs = recs_in;
  std::sort(recs.begin(), recs.end(), [](const JobRecord* a, const JobRecord* b) {
    return std::tie(a->source, a->target, a->method, a->budget, a->seed, a->id) <
           std::tie(b->source, b->target, b->method, b->budget, b->seed, b->id);
  });
  std::set<std::string> extra_names;
  for (const JobRecord* r : recs)
    for (const auto& [k, v] : r->result.extra) extra_names.insert(k);
  std::vector<std::string> header{"id", "source", "target", "method", "budget", "seed", "status", "message",
                                  "precision", "recall", "f1", "auc", "tp", "fp", "tn", "fn", "n_train", "n_test",
                                  "n_labelled", "rounds", "n_selected", "prepare_seconds", "train_seconds",
                                  "eval_seconds", "finished_at", "rank", "host", "version", "params", "data_key",
                                  "data_settings"};
  for (const auto& e : extra_names) header.push_back("extra." + e);
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + csv_field(header[i]);
  out += "\n";
  for (const JobRecord* r : recs) {
    const MethodResult& m = r->result;
    bool done = r->status == JobStatus::Done;
    // Figures of a job that did not finish are blank, never zero.
    auto num = [&](auto v) { return done ? fmt::format("{}", v) : std::string(); };
    std::int64_t n_selected = 0;
    for (const auto& round : m.selected) n_selected += static_cast<std::int64_t>(round.size());
    std::vector<std::string> f{r->id, r->source, r->target, r->method, fmt::format("{}", r->budget),
                               fmt::format("{}", r->seed), status_name(r->status), r->message, num(m.precision),
                               num(m.recall), num(m.f1), done && m.auc >= 0 ? fmt::format("{}", m.auc) : "",
                               num(m.confusion.tp), num(m.confusion.fp), num(m.confusion.tn), num(m.confusion.fn),
                               num(m.n_train), num(m.n_test), num(m.n_labelled), num(m.selected.size()), num(n_selected),
                               fmt::format("{}", r->prepare_seconds), num(m.train_seconds), num(m.eval_seconds),
                               fmt::format("{}", r->finished_at), fmt::format("{}", r->rank), r->host, r->version,
                               r->params, r->data_key, r->data_settings};
    for (const auto& e : extra_names) {
      auto it = m.extra.find(e);
      f.push_back(it == m.extra.end() ? "" : fmt::format("{}", it->second));
    }
    for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + csv_field(f[i]);
    out += "\n";
  }
  return out;
}

}  // namespace logsweep::table
