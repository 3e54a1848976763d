#include "core/models/logaction_modules.hpp"

namespace logsweep {

LogActionEncoderImpl::LogActionEncoderImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t layers) {
  lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(input_dim, hidden).num_layers(layers).batch_first(true)));
}

torch::Tensor LogActionEncoderImpl::forward(const torch::Tensor& x) { return std::get<0>(lstm->forward(x)); }

LogLSTMImpl::LogLSTMImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t fc, AttentionGuide guide,
                         std::int64_t layers) {
  lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(input_dim, hidden).num_layers(layers).batch_first(true)));
  attention = register_module("attention", AdditiveAttention(hidden, guide));
  // Two linear layers with no activation between them, as in the authors' code.
  fc1 = register_module("fc1", torch::nn::Linear(hidden, fc));
  fc2 = register_module("fc2", torch::nn::Linear(fc, 2));
}

torch::Tensor LogLSTMImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = std::get<0>(lstm->forward(x));
  return fc2->forward(fc1->forward(attention->forward(h, mask)));
}

LogActionNets::LogActionNets(const LogActionShape& s) {
  if (s.with_encoder) {
    encoder = LogActionEncoder(s.input_dim, s.encoder_hidden);
    discriminator = LogLSTM(s.encoder_hidden, s.hidden, s.fc, s.guide);
  }
  classifier = LogLSTM(s.with_encoder ? s.encoder_hidden : s.input_dim, s.hidden, s.fc, s.guide);
}

torch::Tensor weighted_supervised_contrastive_loss(const torch::Tensor& features, const torch::Tensor& labels,
                                                   const torch::Tensor& counts, double temperature) {
  namespace F = torch::nn::functional;
  auto f = F::normalize(features, F::NormalizeFuncOptions().dim(1));
  const auto R = f.size(0);
  auto sim = f.matmul(f.t()) / temperature;
  auto eye = torch::eye(R, f.options());
  auto others = counts.to(f.dtype()).unsqueeze(0) - eye;  // c'_rq: the other windows of row q
  auto partners = labels.unsqueeze(0).eq(labels.unsqueeze(1)).to(f.dtype()) * others;
  auto n = partners.sum(1);
  auto has = n.gt(0);
  if (!has.any().item<bool>()) return torch::zeros({}, f.options());
  // log c' = -inf drops a term (the anchor itself when c_r = 1). Some row has a partner here, so
  // the batch holds at least two windows and every row has another window: log D is finite.
  auto log_d = torch::logsumexp(sim + others.log(), 1, true);
  auto per_row = -(partners * (sim - log_d)).sum(1) / n.clamp_min(1);
  auto w = counts.to(f.dtype()) * has.to(f.dtype());
  return (per_row * w).sum() / w.sum();
}

}  // namespace logsweep
