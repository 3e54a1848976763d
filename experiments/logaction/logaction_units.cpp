#include "experiments/logaction/logaction_units.hpp"

#include <unordered_set>

namespace logsweep::logaction_units {

UniqueWindows label_free_units(const WindowSet& ws, const std::vector<std::int64_t>& idx) {
  auto u = window_units(ws, idx);
  u.label.assign(u.seq.size(), 0);
  return u;
}

std::vector<std::int32_t> row_sequences(const UniqueWindows& units, const std::vector<std::int64_t>& positions,
                                        bool dedup) {
  std::vector<std::int32_t> out;
  std::unordered_set<std::int64_t> seen;  // key = seq * 2 + label, as unit_batch merges
  for (auto p : positions) {
    const auto key = static_cast<std::int64_t>(units.seq[p]) * 2 + (units.label[p] != 0 ? 1 : 0);
    if (!dedup || seen.insert(key).second) out.push_back(units.seq[p]);
  }
  return out;
}

void carve(const std::vector<std::int64_t>& all, std::int64_t stride, std::vector<std::int64_t>& train,
           std::vector<std::int64_t>& val) {
  for (std::size_t i = 0; i < all.size(); ++i)
    (stride > 0 && (static_cast<std::int64_t>(i) + 1) % stride == 0 ? val : train).push_back(all[i]);
}

bool has_anomaly(const WindowSet& ws, const std::vector<std::int64_t>& idx) {
  for (auto w : idx)
    if (ws.window_label[w] != 0) return true;
  return false;
}

std::int64_t count_anomalous(const WindowSet& ws, const std::vector<std::int64_t>& idx) {
  std::int64_t n = 0;
  for (auto w : idx) n += ws.window_label[w] != 0 ? 1 : 0;
  return n;
}

std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& v, std::int64_t n) {
  if (static_cast<std::int64_t>(v.size()) <= n) return v;
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < n; ++i) out.push_back(v[static_cast<std::size_t>(i * static_cast<std::int64_t>(v.size()) / n)]);
  return out;
}

}  // namespace logsweep::logaction_units
