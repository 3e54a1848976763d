#pragma once
// Pieces shared by the baseline models that the LogAction side does not already provide
// (gradient reversal, masked_mean, last_real_step, weighted_cross_entropy, BatchCycler and
// seeding live in common_grl/common_attention/common_train).
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <vector>

namespace logsweep {

// Softmax over dim 1 of scores [B, L] with padded steps (mask false) given zero weight.
torch::Tensor masked_softmax(const torch::Tensor& scores, const torch::Tensor& mask);

// Row-weighted cross entropy with per-class weights as well (PyTorch's `weight=` argument):
// sum(w_i * cw[y_i] * ce_i) / sum(w_i * cw[y_i]), i.e. the same normalisation as PyTorch.
torch::Tensor class_weighted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& y,
                                           const torch::Tensor& weight, const torch::Tensor& class_weight);

// labels_for_budget(fraction, |pool|) distinct elements of pool drawn with `rng`, in pool order.
std::vector<std::int64_t> sample_fraction(const std::vector<std::int64_t>& pool, double fraction,
                                          std::mt19937_64& rng);

}  // namespace logsweep
