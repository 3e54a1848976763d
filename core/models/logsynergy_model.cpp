#include "core/models/logsynergy_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/models/common_attention.hpp"
#include "core/models/common_grl.hpp"

namespace logsweep {
namespace {

// Fixed sinusoidal positions (Vaswani et al.), [L, d].
torch::Tensor sinusoid(std::int64_t L, std::int64_t d, const torch::TensorOptions& opt) {
  auto pos = torch::arange(L, opt).unsqueeze(1);
  auto i = torch::arange(0, d, 2, opt);
  auto freq = torch::exp(i * (-std::log(10000.0) / static_cast<double>(d)));
  auto pe = torch::zeros({L, d}, opt);
  pe.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, torch::indexing::None, 2)},
                torch::sin(pos * freq));
  auto cos = torch::cos(pos * freq);
  pe.index_put_({torch::indexing::Slice(), torch::indexing::Slice(1, torch::indexing::None, 2)},
                cos.index({torch::indexing::Slice(), torch::indexing::Slice(0, d / 2)}));
  return pe;
}

torch::nn::Sequential discriminator(std::int64_t in, std::int64_t hidden) {
  return torch::nn::Sequential(torch::nn::Linear(in, hidden), torch::nn::ReLU(), torch::nn::Linear(hidden, hidden),
                               torch::nn::ReLU(), torch::nn::Linear(hidden, 1));
}

}  // namespace

LogSynergyNetImpl::LogSynergyNetImpl(LogSynergyShape shape) : shape_(shape) {
  in_ = register_module("in", torch::nn::Linear(shape.input, shape.d_model));
  torch::nn::TransformerEncoderLayer layer(torch::nn::TransformerEncoderLayerOptions(shape.d_model, shape.heads)
                                               .dim_feedforward(shape.ffn)
                                               .dropout(shape.dropout));
  encoder_ = register_module("encoder",
                             torch::nn::TransformerEncoder(torch::nn::TransformerEncoderOptions(layer, shape.layers)));
  head_ = register_module("head", torch::nn::Sequential(torch::nn::Linear(shape.d_model, shape.hidden),
                                                        torch::nn::ReLU(),
                                                        torch::nn::Linear(shape.hidden, shape.feature)));
  anomaly_ = register_module("anomaly", torch::nn::Linear(shape.feature / 2, 2));
  system_ = register_module("system", torch::nn::Linear(shape.feature - shape.feature / 2, shape.systems));
}

LogSynergyFeatures LogSynergyNetImpl::features(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = in_->forward(x);                                           // [B, L, d]
  h = h + sinusoid(h.size(1), h.size(2), h.options()).unsqueeze(0);
  auto enc = encoder_->forward(h.transpose(0, 1), {}, mask.logical_not());  // [L, B, d]
  auto pooled = masked_mean(enc.transpose(0, 1), mask);
  auto f = head_->forward(pooled);
  const auto half = shape_.feature / 2;
  return {f.narrow(1, 0, half), f.narrow(1, half, shape_.feature - half)};
}

ClubEstimatorImpl::ClubEstimatorImpl(std::int64_t x_dim, std::int64_t y_dim, std::int64_t hidden) {
  mu_ = register_module("mu", torch::nn::Sequential(torch::nn::Linear(x_dim, hidden), torch::nn::ReLU(),
                                                    torch::nn::Linear(hidden, y_dim)));
  logvar_ = register_module("logvar", torch::nn::Sequential(torch::nn::Linear(x_dim, hidden), torch::nn::ReLU(),
                                                            torch::nn::Linear(hidden, y_dim), torch::nn::Tanh()));
}

torch::Tensor ClubEstimatorImpl::learning_loss(const torch::Tensor& x, const torch::Tensor& y) {
  auto mu = mu_->forward(x);
  auto logvar = logvar_->forward(x);
  return -(-(mu - y).pow(2) / logvar.exp() - logvar).sum(1).mean();
}

torch::Tensor ClubEstimatorImpl::upper_bound(const torch::Tensor& x, const torch::Tensor& y) {
  auto mu = mu_->forward(x);
  auto var = logvar_->forward(x).exp();
  auto positive = -(mu - y).pow(2) / 2.0 / var;  // [N, d]
  // mean_j (y_j - mu_i)^2 = (mean_j y_j^2) - 2 mu_i mean_j y_j + mu_i^2, without the N x N x d tensor.
  auto y_mean = y.mean(0, true), y2_mean = y.pow(2).mean(0, true);
  auto negative = -(y2_mean - 2 * mu * y_mean + mu.pow(2)) / 2.0 / var;
  return (positive.sum(1) - negative.sum(1)).mean();
}

DaanLossImpl::DaanLossImpl(std::int64_t feature, std::int64_t hidden, std::int64_t classes) : classes_(classes) {
  global_ = register_module("global", discriminator(feature, hidden));
  for (std::int64_t c = 0; c < classes; ++c)
    local_.push_back(register_module("local" + std::to_string(c), discriminator(feature, hidden)));
}

torch::Tensor DaanLossImpl::domain_loss(torch::nn::Sequential& disc, const torch::Tensor& s, const torch::Tensor& t,
                                        const torch::Tensor& ws, const torch::Tensor& wt) {
  namespace F = torch::nn::functional;
  auto ls = F::binary_cross_entropy_with_logits(disc->forward(s).squeeze(1), torch::ones({s.size(0)}, s.options()),
                                                F::BinaryCrossEntropyWithLogitsFuncOptions().weight(ws));
  auto lt = F::binary_cross_entropy_with_logits(disc->forward(t).squeeze(1), torch::zeros({t.size(0)}, t.options()),
                                                F::BinaryCrossEntropyWithLogitsFuncOptions().weight(wt));
  return 0.5 * (ls + lt);
}

torch::Tensor DaanLossImpl::forward(const torch::Tensor& source, const torch::Tensor& target,
                                    const torch::Tensor& source_prob, const torch::Tensor& target_prob,
                                    double coefficient) {
  auto s = grad_reverse(source, coefficient);
  auto t = grad_reverse(target, coefficient);
  auto ones_s = torch::ones({s.size(0)}, s.options()), ones_t = torch::ones({t.size(0)}, t.options());
  auto global = domain_loss(global_, s, t, ones_s, ones_t);
  auto local = torch::zeros({}, s.options());
  for (std::int64_t c = 0; c < classes_; ++c) {
    local = local + domain_loss(local_[c], s, t, source_prob.select(1, c).detach(), target_prob.select(1, c).detach());
  }
  d_global_ += 2 * (1 - 2 * global.item<double>());
  d_local_ += 2 * (1 - 2 * (local.item<double>() / static_cast<double>(classes_)));
  ++steps_;
  return (1 - factor_) * global + factor_ * local;
}

void DaanLossImpl::end_epoch() {
  if (steps_ > 0 && (d_global_ != 0 || d_local_ != 0)) {
    const double g = d_global_ / static_cast<double>(steps_), l = d_local_ / static_cast<double>(steps_);
    const double f = 1 - g / (g + l);
    if (std::isfinite(f)) factor_ = std::min(1.0, std::max(0.0, f));
  }
  d_global_ = d_local_ = 0;
  steps_ = 0;
}

double daan_coefficient(std::int64_t iteration, std::int64_t max_iteration) {
  return 2.0 / (1.0 + std::exp(-static_cast<double>(iteration) / static_cast<double>(max_iteration))) - 1.0;
}

}  // namespace logsweep
