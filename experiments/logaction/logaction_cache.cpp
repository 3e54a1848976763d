#include "experiments/logaction/logaction_cache.hpp"

#include <algorithm>

namespace logsweep::logaction_units {

void EncoderCache::build(LogActionEncoder& encoder, Wanted wanted, std::int64_t hidden, std::int64_t budget_mb,
                         std::int64_t chunk) {
  entries_.clear();
  double bytes = 0;
  for (auto& [b, seqs] : wanted) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    bytes += static_cast<double>(seqs.size()) * b->max_len() * hidden * sizeof(float);
  }
  if (bytes > static_cast<double>(budget_mb) * 1024.0 * 1024.0) return;
  torch::NoGradGuard no_grad;
  chunk = std::max<std::int64_t>(chunk, 1);
  for (auto& [b, seqs] : wanted) {
    Entry e;
    e.row.assign(b->data().windows.unique_sequences(), -1);
    std::vector<torch::Tensor> parts;
    for (std::size_t i = 0; i < seqs.size(); i += static_cast<std::size_t>(chunk)) {
      std::vector<std::int32_t> s(seqs.begin() + i, seqs.begin() + std::min(seqs.size(), i + chunk));
      auto batch = b->make_unique(s, std::vector<std::int8_t>(s.size(), 0), std::vector<float>(s.size(), 1.0f));
      parts.push_back(encoder->forward(batch.x));
    }
    for (std::size_t i = 0; i < seqs.size(); ++i) e.row[seqs[i]] = static_cast<std::int64_t>(i);
    if (!parts.empty()) e.data = torch::cat(parts);
    entries_[b] = std::move(e);
  }
}

torch::Tensor EncoderCache::lookup(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs) const {
  auto it = entries_.find(&batcher);
  if (it == entries_.end() || !it->second.data.defined()) return {};
  std::vector<std::int64_t> rows;
  rows.reserve(seqs.size());
  for (auto s : seqs) {
    const auto r = it->second.row[s];
    if (r < 0) return {};
    rows.push_back(r);
  }
  return it->second.data.index_select(0, torch::tensor(rows, torch::kInt64).to(it->second.data.device()));
}

}  // namespace logsweep::logaction_units
