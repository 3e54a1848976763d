#include "core/models/baseline_common.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/models/common_train.hpp"

namespace logsweep {

torch::Tensor masked_softmax(const torch::Tensor& scores, const torch::Tensor& mask) {
  return torch::softmax(scores.masked_fill(mask.logical_not(), -1e9), 1);
}

torch::Tensor class_weighted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& y,
                                           const torch::Tensor& weight, const torch::Tensor& class_weight) {
  auto ce = torch::nn::functional::cross_entropy(
      logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  auto w = weight.to(logits.dtype()) * class_weight.to(logits.dtype()).index_select(0, y);
  return (ce * w).sum() / w.sum().clamp_min(1e-12);
}

std::vector<std::int64_t> sample_fraction(const std::vector<std::int64_t>& pool, double fraction,
                                          std::mt19937_64& rng) {
  const auto k = static_cast<std::size_t>(labels_for_budget(fraction, static_cast<std::int64_t>(pool.size())));
  std::vector<std::int64_t> pos(pool.size());
  std::iota(pos.begin(), pos.end(), 0);
  shuffle_indices(pos, rng);
  pos.resize(std::min(k, pos.size()));
  std::sort(pos.begin(), pos.end());
  std::vector<std::int64_t> out;
  out.reserve(pos.size());
  for (auto p : pos) out.push_back(pool[p]);
  return out;
}

}  // namespace logsweep
