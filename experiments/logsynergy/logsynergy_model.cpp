#include "experiments/logsynergy/logsynergy_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/models/baseline_common.hpp"
#include "core/models/common_grl.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

namespace F = torch::nn::functional;

torch::Tensor ones_if_undefined(const torch::Tensor& w, const torch::Tensor& like) {
  return w.defined() ? w.to(like.dtype()) : torch::ones({like.size(0)}, like.options());
}

// Weighted mean over rows of a [N] tensor.
torch::Tensor weighted_mean(const torch::Tensor& v, const torch::Tensor& w) {
  return (v * w).sum() / w.sum().clamp_min(1e-12);
}

}  // namespace

// ---- feature extractor ---------------------------------------------------------------------

LogSynergyNetImpl::LogSynergyNetImpl(LogSynergyShape shape) : shape_(shape) {
  const auto d = shape.d_model;
  if (shape.input != d) in_ = register_module("in", torch::nn::Linear(shape.input, d));
  positions_ = register_parameter("positions", torch::zeros({shape.max_positions, d}));
  token_type_ = register_parameter("token_type", torch::zeros({1, d}));
  embed_norm_ = register_module("embed_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-6)));
  embed_drop_ = register_module("embed_drop", torch::nn::Dropout(shape.dropout));
  torch::nn::TransformerEncoderLayer layer(torch::nn::TransformerEncoderLayerOptions(d, shape.heads)
                                               .dim_feedforward(shape.ffn)
                                               .dropout(shape.dropout)
                                               .activation(torch::kGELU));
  encoder_ = register_module("encoder",
                             torch::nn::TransformerEncoder(torch::nn::TransformerEncoderOptions(layer, shape.layers)));
  pooler_ = register_module("pooler", torch::nn::Linear(d, d));
  // The code's self.dropout = nn.Dropout(0.2) on the pooled output: twice the hidden dropout,
  // so that one `dropout` parameter switches every dropout off.
  pooled_drop_ = register_module("pooled_drop", torch::nn::Dropout(std::min(1.0, 2 * shape.dropout)));
  head_ = register_module("head",
                          torch::nn::Sequential(torch::nn::Linear(d, shape.hidden),
                                                torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.hidden})),
                                                torch::nn::ReLU(), torch::nn::Linear(shape.hidden, shape.feature),
                                                torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.feature}))));
  feature_drop_ = register_module("feature_drop", torch::nn::Dropout(shape.dropout));
  anomaly_ = register_module("anomaly", torch::nn::Linear(shape.feature / 2, 2));
  system_ = register_module("system", torch::nn::Linear(shape.feature - shape.feature / 2, shape.systems));
  bert_init();
}

void LogSynergyNetImpl::bert_init() {
  // BertPreTrainedModel._init_weights over the whole model (BERT, pooler, Classifier): weights
  // normal(0, 0.02) (MultiheadAttention's packed q/k/v = three such Linears), biases 0,
  // LayerNorm 1 / 0. The system classifier is a trainer attribute in the code: torch default.
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters(true)) {
    const auto& name = p.key();
    if (name.rfind("system.", 0) == 0) continue;
    auto& t = p.value();
    if (t.dim() >= 2) {
      t.normal_(0.0, 0.02);
    } else if (name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0) {
      t.zero_();
    } else {
      t.fill_(1.0);  // LayerNorm scale
    }
  }
}

torch::Tensor LogSynergyNetImpl::encode(const torch::Tensor& x, const torch::Tensor& mask) {
  const auto L = x.size(1);
  if (L > shape_.max_positions)
    throw InputError("LogSynergy: window of " + std::to_string(L) + " events exceeds the " +
                     std::to_string(shape_.max_positions) + " learned positions");
  auto h = in_ ? in_->forward(x) : x;  // [B, L, d]
  h = h + positions_.narrow(0, 0, L).unsqueeze(0) + token_type_.unsqueeze(0);
  h = embed_drop_->forward(embed_norm_->forward(h));
  return encoder_->forward(h.transpose(0, 1), {}, mask.logical_not()).transpose(0, 1);
}

torch::Tensor LogSynergyNetImpl::pooled(const torch::Tensor& x, const torch::Tensor& mask) {
  return torch::tanh(pooler_->forward(encode(x, mask).select(1, 0)));  // BertPooler: first token
}

LogSynergyFeatures LogSynergyNetImpl::features(const torch::Tensor& x, const torch::Tensor& mask) {
  auto f = feature_drop_->forward(head_->forward(pooled_drop_->forward(pooled(x, mask))));
  const auto half = shape_.feature / 2;
  return {f.narrow(1, 0, half), f.narrow(1, half, shape_.feature - half)};
}

// ---- CLUB ----------------------------------------------------------------------------------

ClubEstimatorImpl::ClubEstimatorImpl(std::int64_t x_dim, std::int64_t y_dim, std::int64_t hidden) {
  mu_ = register_module("mu", torch::nn::Sequential(torch::nn::Linear(x_dim, hidden), torch::nn::ReLU(),
                                                    torch::nn::Linear(hidden, y_dim)));
  logvar_ = register_module("logvar", torch::nn::Sequential(torch::nn::Linear(x_dim, hidden), torch::nn::ReLU(),
                                                            torch::nn::Linear(hidden, y_dim), torch::nn::Tanh()));
}

torch::Tensor ClubEstimatorImpl::learning_loss(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w) {
  auto mu = mu_->forward(x);
  auto logvar = logvar_->forward(x);
  auto loglik = (-(mu - y).pow(2) / logvar.exp() - logvar).sum(1);
  return -weighted_mean(loglik, ones_if_undefined(w, x));
}

torch::Tensor ClubEstimatorImpl::upper_bound(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w) {
  auto mu = mu_->forward(x);
  auto var = logvar_->forward(x).exp();
  auto wt = ones_if_undefined(w, x);
  auto p = (wt / wt.sum().clamp_min(1e-12)).unsqueeze(1);  // [N, 1] pair weights w_j / W
  auto positive = -(mu - y).pow(2) / 2.0 / var;            // [N, d]
  // sum_j p_j (y_j - mu_i)^2 = E[y^2] - 2 mu_i E[y] + mu_i^2 under p: no N x N x d tensor.
  auto y_mean = (p * y).sum(0, true), y2_mean = (p * y.pow(2)).sum(0, true);
  auto negative = -(y2_mean - 2 * mu * y_mean + mu.pow(2)) / 2.0 / var;
  return weighted_mean(positive.sum(1) - negative.sum(1), wt);
}

// ---- DAAN ----------------------------------------------------------------------------------

WeightedBatchNormImpl::WeightedBatchNormImpl(std::int64_t features, double eps) : eps_(eps) {
  gamma_ = register_parameter("weight", torch::ones({features}));
  beta_ = register_parameter("bias", torch::zeros({features}));
}

torch::Tensor WeightedBatchNormImpl::forward(const torch::Tensor& x, const torch::Tensor& w) {
  auto p = (w.to(x.dtype()) / w.sum().clamp_min(1e-12)).unsqueeze(1);  // [N, 1]
  auto mean = (p * x).sum(0, true);
  auto var = (p * (x - mean).pow(2)).sum(0, true);  // biased, as BatchNorm normalises
  return (x - mean) / torch::sqrt(var + eps_) * gamma_ + beta_;
}

DomainDiscriminatorImpl::DomainDiscriminatorImpl(std::int64_t in, std::int64_t hidden) {
  l1_ = register_module("l1", torch::nn::Linear(in, hidden));
  bn1_ = register_module("bn1", WeightedBatchNorm(hidden));
  l2_ = register_module("l2", torch::nn::Linear(hidden, hidden));
  bn2_ = register_module("bn2", WeightedBatchNorm(hidden));
  l3_ = register_module("l3", torch::nn::Linear(hidden, 1));
}

torch::Tensor DomainDiscriminatorImpl::forward(const torch::Tensor& x, const torch::Tensor& w) {
  auto h = torch::relu(bn1_->forward(l1_->forward(x), w));
  h = torch::relu(bn2_->forward(l2_->forward(h), w));
  return torch::sigmoid(l3_->forward(h)).squeeze(1);
}

torch::Tensor weighted_bce(const torch::Tensor& p, double label, const torch::Tensor& w) {
  // nn.BCELoss on probabilities (its log clamp at -100 included), then the count-weighted mean.
  auto bce = F::binary_cross_entropy(p, torch::full_like(p, label),
                                     F::BinaryCrossEntropyFuncOptions().reduction(torch::kNone));
  return weighted_mean(bce, w.to(p.dtype()));
}

DaanLossImpl::DaanLossImpl(std::int64_t feature, std::int64_t hidden, std::int64_t classes) : classes_(classes) {
  global_ = register_module("global", DomainDiscriminator(feature, hidden));
  for (std::int64_t c = 0; c < classes; ++c)
    local_.push_back(register_module("local" + std::to_string(c), DomainDiscriminator(feature, hidden)));
}

torch::Tensor DaanLossImpl::side(const torch::Tensor& x, const torch::Tensor& scores, const torch::Tensor& w,
                                 double label, double coefficient, torch::Tensor& local) {
  auto r = grad_reverse(x, coefficient);
  auto g = weighted_bce(global_->forward(r, w), label, w);
  for (std::int64_t c = 0; c < classes_; ++c) {
    // features_c = logits[:, c] * R(x): the class score is not reversed and not detached.
    auto xc = scores.narrow(1, c, 1) * r;
    local = local + weighted_bce(local_[c]->forward(xc, w), label, w);
  }
  return g;
}

torch::Tensor DaanLossImpl::forward(const torch::Tensor& source, const torch::Tensor& target,
                                    const torch::Tensor& source_scores, const torch::Tensor& target_scores,
                                    const torch::Tensor& source_w, const torch::Tensor& target_w, double coefficient) {
  auto local_s = torch::zeros({}, source.options()), local_t = torch::zeros({}, source.options());
  auto g_s = side(source, source_scores, source_w, 1.0, coefficient, local_s);
  auto g_t = side(target, target_scores, target_w, 0.0, coefficient, local_t);
  auto global = 0.5 * (g_s + g_t) * 0.05;  // loss_funcs/daan.py's inner factors
  auto local = 0.5 * (local_s + local_t) * 0.01;
  last_global_ = global.item<double>();
  last_local_ = local.item<double>();
  d_global_ += 2 * (1 - 2 * last_global_);
  d_local_ += 2 * (1 - 2 * (last_local_ / static_cast<double>(classes_)));
  return (1 - factor_) * global + factor_ * local;
}

void DaanLossImpl::update_factor(std::int64_t epoch_length) {
  if (d_global_ == 0 && d_local_ == 0) {
    factor_ = 0.5;
  } else if (epoch_length > 0) {
    const double g = d_global_ / static_cast<double>(epoch_length), l = d_local_ / static_cast<double>(epoch_length);
    const double f = 1 - g / (g + l);
    if (std::isfinite(f)) factor_ = std::min(1.0, std::max(0.0, f));  // the library does not clamp
  }
  d_global_ = d_local_ = 0;
}

// ---- schedules and the anomaly loss --------------------------------------------------------

double daan_coefficient(std::int64_t iteration, std::int64_t max_iteration, double gamma) {
  if (max_iteration == 0) throw ConfigError("LogSynergy: daan_max_iter must not be 0");
  const auto c = iteration <= 0 ? 0 : std::min(iteration, max_iteration);
  const double p = static_cast<double>(c) / static_cast<double>(max_iteration);
  return 2.0 / (1.0 + std::exp(-gamma * p)) - 1.0;
}

std::int64_t warmup_steps(std::int64_t total, double warmup_ratio) {
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(total) * warmup_ratio));
}

double linear_warmup_factor(std::int64_t step, std::int64_t total, double warmup_ratio) {
  const auto warmup = warmup_steps(total, warmup_ratio);
  if (step < warmup) return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup));
  return std::max(0.0,
                  static_cast<double>(total - step) / static_cast<double>(std::max<std::int64_t>(1, total - warmup)));
}

torch::Tensor anomaly_cross_entropy(const torch::Tensor& source_logits, const torch::Tensor& source_y,
                                    const torch::Tensor& source_w, const torch::Tensor& target_logits,
                                    const torch::Tensor& target_y, const torch::Tensor& target_w,
                                    const torch::Tensor& class_weight) {
  auto loss = class_weighted_cross_entropy(source_logits, source_y, source_w, class_weight);
  if (target_logits.size(0) > 0)
    loss = loss + class_weighted_cross_entropy(target_logits, target_y, target_w, class_weight);
  return loss;
}

}  // namespace logsweep
