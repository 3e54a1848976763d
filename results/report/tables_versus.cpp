// `table --versus REF`: paired comparisons of every row with a reference row (see tables.hpp).
#include <cmath>
#include <map>

#include "results/report/stats.hpp"
#include "results/report/table_grid.hpp"

namespace logsweep::table {

namespace {

// metric value per seed of a bucket's finished jobs (NaN values left out).
std::map<std::uint64_t, double> by_seed(const Bucket* b, const std::string& metric) {
  std::map<std::uint64_t, double> out;
  if (!b) return out;
  for (const JobRecord* r : b->done) {
    const double v = record_metric(*r, metric);
    if (!std::isnan(v)) out[r->seed] = v;
  }
  return out;
}

}  // namespace

void matched_values(const Bucket* a, const Bucket* b, const std::string& metric, std::vector<double>& x,
                    std::vector<double>& y) {
  const auto va = by_seed(a, metric), vb = by_seed(b, metric);
  for (const auto& [seed, v] : va)
    if (auto it = vb.find(seed); it != vb.end()) {
      x.push_back(v);
      y.push_back(it->second);
    }
}

void mark_versus(std::vector<PairedCell>& cells, double alpha) {
  // family -> indices of the cells that could be tested, with their raw p-values.
  std::map<std::string, std::vector<std::size_t>> families;
  std::vector<double> p(cells.size(), 1.0), direction(cells.size(), 0.0);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    PairedCell& c = cells[i];
    if (c.cell->kind != Cell::Kind::Value) continue;
    std::vector<double> x, y;
    matched_values(c.mine, c.ref, c.metric, x, y);
    if (static_cast<int>(x.size()) < kMinPairedJobs) {
      c.cell->versus = Cell::Versus::TooFew;
      continue;
    }
    const stats::WilcoxonResult w = stats::wilcoxon_signed_rank(x, y);
    p[i] = w.p;
    direction[i] = w.w_plus - w.w_minus;
    families[c.family].push_back(i);
  }
  for (const auto& [family, idx] : families) {
    std::vector<double> raw;
    for (std::size_t i : idx) raw.push_back(p[i]);
    const std::vector<double> adj = stats::holm(raw);
    for (std::size_t j = 0; j < idx.size(); ++j) {
      Cell* cell = cells[idx[j]].cell;
      if (adj[j] > alpha || direction[idx[j]] == 0) cell->versus = Cell::Versus::Same;
      else cell->versus = direction[idx[j]] > 0 ? Cell::Versus::Better : Cell::Versus::Worse;
    }
  }
}

std::vector<VersusRow> versus_summary(
    const std::vector<std::pair<std::string, std::vector<std::pair<const Bucket*, const Bucket*>>>>& rows,
    const std::string& metric, double scale) {
  std::vector<VersusRow> out;
  std::vector<std::size_t> tested;
  std::vector<double> raw;
  for (const auto& [name, buckets] : rows) {
    VersusRow row;
    row.name = name;
    std::vector<double> x, y;
    for (const auto& [mine, ref] : buckets) matched_values(mine, ref, metric, x, y);
    row.matched = static_cast<int>(x.size());
    double diff = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      (x[i] > y[i] ? row.wins : x[i] < y[i] ? row.losses : row.ties) += 1;
      diff += (x[i] - y[i]) * scale;
    }
    row.mean_diff = x.empty() ? 0.0 : diff / static_cast<double>(x.size());
    if (row.matched >= kMinPairedJobs) {
      const stats::WilcoxonResult w = stats::wilcoxon_signed_rank(x, y);
      row.tested = true;
      row.p = w.p;
      row.exact = w.exact;
      row.w_plus = w.w_plus;
      row.w_minus = w.w_minus;
      tested.push_back(out.size());
      raw.push_back(w.p);
    }
    out.push_back(row);
  }
  const std::vector<double> adj = stats::holm(raw);
  for (std::size_t j = 0; j < tested.size(); ++j) out[tested[j]].p_holm = adj[j];
  return out;
}

}  // namespace logsweep::table
