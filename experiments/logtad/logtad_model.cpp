#include "experiments/logtad/logtad_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/models/common_attention.hpp"
#include "core/models/common_grl.hpp"
#include "core/models/common_train.hpp"

namespace logsweep {

LogTadNetImpl::LogTadNetImpl(LogTadShape shape) {
  lstm_ = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(shape.input, shape.hidden)
                                                      .num_layers(shape.layers)
                                                      .dropout(shape.layers > 1 ? shape.dropout : 0.0)
                                                      .batch_first(true)));
  // Two linear layers with nothing between them, exactly as the code's discriminator.
  domain_ = register_module("domain", torch::nn::Sequential(torch::nn::Linear(shape.hidden, shape.domain_hidden),
                                                            torch::nn::Linear(shape.domain_hidden, 2)));
}

torch::Tensor LogTadNetImpl::embed(const torch::Tensor& x, const torch::Tensor& mask) {
  auto out = std::get<0>(lstm_->forward(x));
  return masked_mean(out, mask);
}

torch::Tensor LogTadNetImpl::domain_logits(const torch::Tensor& z, double alpha) {
  return domain_->forward(grad_reverse(z, alpha));
}

LogTadLoss logtad_loss(const torch::Tensor& z, const torch::Tensor& center, const torch::Tensor& weight,
                       double svdd_scale, const torch::Tensor& domain_logits, const torch::Tensor& domain) {
  LogTadLoss out;
  const auto w = weight.to(z.dtype());
  out.svdd = ((z - center).pow(2).mean(1) * w).sum();
  out.domain = domain_logits.defined() ? weighted_cross_entropy(domain_logits, domain, w)
                                       : torch::zeros({}, z.options());
  out.total = svdd_scale * out.svdd + out.domain;
  return out;
}

torch::Tensor svdd_center(const torch::Tensor& z, const torch::Tensor& weight, double eps) {
  torch::Tensor c;
  if (weight.defined()) {
    auto w = weight.to(z.dtype()).unsqueeze(1);
    c = (z * w).sum(0) / w.sum();
  } else {
    c = z.mean(0);
  }
  if (eps > 0) {
    // The code assigns -eps where -eps < c < 0 and +eps where 0 < c < eps; an exact 0 is kept.
    auto small = c.abs() < eps;
    c = torch::where(small & (c < 0), torch::full_like(c, -eps), c);
    c = torch::where(small & (c > 0), torch::full_like(c, eps), c);
  }
  return c.detach();
}

torch::Tensor svdd_distance(const torch::Tensor& z, const torch::Tensor& center) {
  return (z - center).pow(2).sum(1).sqrt();
}

SvddCenterSchedule::SvddCenterSchedule(std::int64_t dim, std::int64_t update_epochs, double eps,
                                       const torch::Device& device)
    : center_(torch::zeros({dim}, torch::TensorOptions().device(device))),
      update_epochs_(std::max<std::int64_t>(update_epochs, 0)),
      eps_(eps) {}

void SvddCenterSchedule::end_epoch(std::int64_t epoch, const torch::Tensor& z, const torch::Tensor& w) {
  if (updates_after(epoch) && z.defined() && z.size(0) > 0) center_ = svdd_center(z, w, eps_);
}

std::int64_t SvddCenterSchedule::first_selectable_epoch(std::int64_t epochs) const {
  return std::max<std::int64_t>(0, std::min(update_epochs_, epochs) - 1);
}

bool BestCheckpoint::offer(std::int64_t epoch, double loss, bool selectable, const torch::nn::Module& net,
                           const torch::Tensor& center) {
  if (!selectable || (!empty() && !(loss < loss_))) return false;
  torch::NoGradGuard no_grad;
  state_.clear();
  for (const auto& p : net.parameters()) state_.push_back(p.detach().clone());
  for (const auto& b : net.buffers()) state_.push_back(b.detach().clone());
  center_ = center.detach().clone();
  epoch_ = epoch;
  loss_ = loss;
  return true;
}

void BestCheckpoint::restore(torch::nn::Module& net) const {
  if (empty()) return;
  torch::NoGradGuard no_grad;
  std::size_t k = 0;
  for (auto& p : net.parameters()) p.copy_(state_.at(k++));
  for (auto& b : net.buffers()) b.copy_(state_.at(k++));
}

std::int64_t logtad_target_copies(std::int64_t n_source, std::int64_t n_target) {
  if (n_target <= 0) return 0;
  return std::max<std::int64_t>(1, n_source / n_target);
}

HoldoutSplit holdout_split(std::int64_t n, double holdout, std::mt19937_64& rng) {
  HoldoutSplit out;
  if (n <= 0) return out;
  std::vector<std::int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  shuffle_indices(order, rng);
  std::int64_t k = share_of(holdout, n);
  if (n >= 2) k = std::clamp<std::int64_t>(k, 1, n - 1);
  else k = 0;
  out.heldout.assign(order.begin(), order.begin() + k);
  out.fit.assign(order.begin() + k, order.end());
  return out;
}

double radius_balanced_accuracy(const std::vector<double>& distance, const std::vector<std::int8_t>& label,
                                double r) {
  std::int64_t tp = 0, tn = 0, pos = 0, neg = 0;
  for (std::size_t i = 0; i < distance.size(); ++i) {
    const bool anomalous = distance[i] > r;  // the code's dist2label: dist <= R is normal
    if (label[i]) {
      ++pos;
      tp += anomalous;
    } else {
      ++neg;
      tn += !anomalous;
    }
  }
  const double tpr = pos ? static_cast<double>(tp) / pos : 0.0;
  const double tnr = neg ? static_cast<double>(tn) / neg : 0.0;
  return (tpr + tnr) / 2.0;
}

SvddRadius search_svdd_radius(const std::vector<double>& distance, const std::vector<std::int8_t>& label, int steps,
                              double fallback_quantile) {
  SvddRadius out;
  std::vector<double> normal, anomalous;
  for (std::size_t i = 0; i < distance.size(); ++i) (label[i] ? anomalous : normal).push_back(distance[i]);
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  out.mean_normal = mean(normal);
  out.mean_anomalous = mean(anomalous);
  if (anomalous.empty() || normal.empty()) {
    std::vector<double> v = normal.empty() ? anomalous : normal;
    std::sort(v.begin(), v.end());
    if (!v.empty()) {
      const auto k = static_cast<std::size_t>(std::floor(fallback_quantile * static_cast<double>(v.size() - 1)));
      out.radius = v[k];
    }
    return out;
  }
  out.searched = true;
  steps = std::max(1, steps);
  const double step = (out.mean_anomalous - out.mean_normal) / steps;  // negative if anomalies sit closer
  out.balanced_accuracy = -1;
  for (int i = 0; i < steps; ++i) {
    const double r = out.mean_normal + step * i;
    const double ba = radius_balanced_accuracy(distance, label, r);
    if (ba > out.balanced_accuracy) {
      out.balanced_accuracy = ba;
      out.radius = r;
    }
  }
  return out;
}

}  // namespace logsweep
