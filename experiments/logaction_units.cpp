#include "experiments/logaction_units.hpp"

namespace logsweep::logaction_units {

UniqueWindows training_units(const WindowSet& ws, const std::vector<std::int64_t>& idx, bool dedup) {
  if (dedup) return deduplicate(ws, idx);
  UniqueWindows u;
  for (auto w : idx) {
    u.seq.push_back(ws.window_seq[w]);
    u.label.push_back(ws.window_label[w] != 0 ? 1 : 0);
    u.count.push_back(1.0f);
  }
  return u;
}

UniqueWindows unlabelled_units(const WindowSet& ws, const std::vector<std::int64_t>& idx) {
  auto g = group_by_sequence(ws, idx);
  UniqueWindows u;
  u.seq = std::move(g.seq);
  u.count = std::move(g.count);
  u.label.assign(u.seq.size(), 0);
  return u;
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

std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& v, std::int64_t n) {
  if (static_cast<std::int64_t>(v.size()) <= n) return v;
  std::vector<std::int64_t> out;
  for (std::int64_t i = 0; i < n; ++i) out.push_back(v[static_cast<std::size_t>(i * static_cast<std::int64_t>(v.size()) / n)]);
  return out;
}

}  // namespace logsweep::logaction_units
