#include "core/models/common_train.hpp"

#include <cmath>
#include <numeric>
#include <unordered_map>

namespace logsweep {

std::mt19937_64 seed_job(std::uint64_t seed) {
  torch::manual_seed(seed);
  return std::mt19937_64(seed);
}

void shuffle_indices(std::vector<std::int64_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    // Modulo bias is negligible for 64-bit draws and sizes far below 2^32.
    const std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(v[i - 1], v[j]);
  }
}

BatchCycler::BatchCycler(std::int64_t n, std::int64_t batch_size, std::mt19937_64& rng)
    : n_(n), batch_(std::max<std::int64_t>(batch_size, 1)), rng_(&rng), order_(n) {
  std::iota(order_.begin(), order_.end(), 0);
  pos_ = n_;  // the first next() shuffles
}

std::int64_t BatchCycler::batches_per_pass() const { return (n_ + batch_ - 1) / batch_; }

std::vector<std::int64_t> BatchCycler::next() {
  if (n_ == 0) return {};
  if (pos_ >= n_) {
    shuffle_indices(order_, *rng_);
    pos_ = 0;
  }
  const auto end = std::min(n_, pos_ + batch_);
  std::vector<std::int64_t> out(order_.begin() + pos_, order_.begin() + end);
  pos_ = end;
  return out;
}

torch::Tensor weighted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& y, const torch::Tensor& w) {
  auto ce = torch::nn::functional::cross_entropy(
      logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  return (ce * w).sum() / w.sum().clamp_min(1e-12);
}

torch::Tensor supervised_contrastive_loss(const torch::Tensor& features, const torch::Tensor& labels,
                                          double temperature) {
  namespace F = torch::nn::functional;
  auto f = F::normalize(features, F::NormalizeFuncOptions().dim(1));
  const auto B = f.size(0);
  auto self = torch::eye(B, torch::TensorOptions().dtype(torch::kBool).device(f.device()));
  auto sim = (f.matmul(f.t()) / temperature).masked_fill(self, -1e9);
  auto log_prob = sim - torch::logsumexp(sim, 1, true);
  auto partners = labels.unsqueeze(0).eq(labels.unsqueeze(1)).logical_and(self.logical_not()).to(f.dtype());
  auto n = partners.sum(1);
  auto has = n.gt(0);
  if (!has.any().item<bool>()) return torch::zeros({}, f.options());
  auto per_anchor = -(log_prob * partners).sum(1) / n.clamp_min(1);
  return per_anchor.masked_select(has).mean();
}

Batch unique_batch(const WindowBatcher& batcher, const UniqueWindows& u, const std::vector<std::int64_t>& positions) {
  std::vector<std::int32_t> seq;
  std::vector<std::int8_t> label;
  std::vector<float> count;
  seq.reserve(positions.size());
  label.reserve(positions.size());
  count.reserve(positions.size());
  for (auto p : positions) {
    seq.push_back(u.seq[p]);
    label.push_back(u.label[p]);
    count.push_back(u.count[p]);
  }
  return batcher.make_unique(seq, label, count);
}

UniqueWindows window_units(const WindowSet& ws, const std::vector<std::int64_t>& idx) {
  UniqueWindows u;
  u.seq.reserve(idx.size());
  u.label.reserve(idx.size());
  for (auto w : idx) {
    u.seq.push_back(ws.window_seq.at(w));
    u.label.push_back(ws.window_label.at(w) != 0 ? 1 : 0);
  }
  u.count.assign(idx.size(), 1.0f);
  return u;
}

Batch unit_batch(const WindowBatcher& batcher, const UniqueWindows& units, const std::vector<std::int64_t>& positions,
                 bool dedup) {
  if (!dedup) return unique_batch(batcher, units, positions);
  std::vector<std::int32_t> seq;
  std::vector<std::int8_t> label;
  std::vector<float> count;
  std::unordered_map<std::int64_t, std::size_t> row;  // key = seq * 2 + label
  row.reserve(positions.size());
  for (auto p : positions) {
    const auto key = static_cast<std::int64_t>(units.seq[p]) * 2 + (units.label[p] != 0 ? 1 : 0);
    auto [it, fresh] = row.emplace(key, seq.size());
    if (fresh) {
      seq.push_back(units.seq[p]);
      label.push_back(units.label[p]);
      count.push_back(0.0f);
    }
    count[it->second] += units.count[p];
  }
  return batcher.make_unique(seq, label, count);
}

std::int64_t share_of(double share, std::int64_t n) {
  if (share <= 0 || n <= 0) return 0;
  const auto k = static_cast<std::int64_t>(std::ceil(share * static_cast<double>(n) - 1e-9));
  return std::min(n, std::max<std::int64_t>(k, 0));
}

std::int64_t labels_for_budget(double budget, std::int64_t pool_size) { return share_of(budget, pool_size); }

double run_epochs(torch::optim::Optimizer& opt, std::int64_t epochs, std::int64_t steps,
                  const std::function<torch::Tensor()>& loss_of_step) {
  double last = 0;
  for (std::int64_t e = 0; e < epochs && steps > 0; ++e) {
    double sum = 0;
    for (std::int64_t s = 0; s < steps; ++s) {
      auto loss = loss_of_step();
      opt.zero_grad();
      loss.backward();
      opt.step();
      sum += loss.item<double>();
    }
    last = sum / static_cast<double>(steps);
  }
  return last;
}

torch::Tensor to_host(const torch::Tensor& t, torch::ScalarType dtype) {
  return t.to(torch::kCPU, dtype).contiguous();
}

std::vector<std::vector<std::int64_t>> chunks(std::int64_t n, std::int64_t chunk) {
  std::vector<std::vector<std::int64_t>> out;
  chunk = std::max<std::int64_t>(chunk, 1);
  for (std::int64_t b = 0; b < n; b += chunk) {
    out.emplace_back();
    for (std::int64_t i = b; i < std::min(n, b + chunk); ++i) out.back().push_back(i);
  }
  return out;
}

torch::Device device_of(const torch::nn::Module& m) {
  const auto params = m.parameters();
  return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
}

}  // namespace logsweep
