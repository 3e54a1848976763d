#include "experiments/logaction/logaction_modules.hpp"

#include <algorithm>
#include <atomic>

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

namespace {
std::atomic<ClassifyPath> g_classify_path{ClassifyPath::Auto};
// classify_together_pays' threshold, measured by `train_bench together` (BENCHMARKS.md): at 20
// steps, the paper's widths (512 in, LSTM 64) and the quick profile's (32, 16), one forward over
// the parts was as fast or faster up to 3,120 rows a step and slower at 4,160 (1.05-1.24x).
constexpr std::int64_t kClassifyTogetherMaxRows = 3584;

std::vector<torch::Tensor> classify_together(LogLSTM& net, const std::vector<torch::Tensor>& xs,
                                             const std::vector<torch::Tensor>& masks, std::int64_t len) {
  std::vector<std::int64_t> rows;
  std::vector<torch::Tensor> px, pm;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    rows.push_back(xs[i].size(0));
    const auto pad = len - xs[i].size(1);
    px.push_back(pad ? torch::constant_pad_nd(xs[i], {0, 0, 0, pad}) : xs[i]);
    pm.push_back(pad ? torch::constant_pad_nd(masks[i], {0, pad}) : masks[i]);
  }
  return net->forward(torch::cat(px), torch::cat(pm)).split_with_sizes(rows);
}
}  // namespace

void set_classify_path(ClassifyPath path) { g_classify_path = path; }

bool classify_together_pays(std::int64_t rows, std::int64_t len) {
  // Measured at 20 steps only: longer windows scale the row count by their length.
  const std::int64_t row_steps = rows * std::max<std::int64_t>(len, 1);
  return row_steps <= kClassifyTogetherMaxRows * 20;
}

std::vector<torch::Tensor> classify_parts(LogLSTM& net, const std::vector<torch::Tensor>& xs,
                                          const std::vector<torch::Tensor>& masks, ClassifyPath path) {
  if (xs.size() == 1) return {net->forward(xs[0], masks[0])};
  std::int64_t len = 0, rows = 0;
  for (const auto& x : xs) {
    len = std::max(len, x.size(1));
    rows += x.size(0);
  }
  if (path == ClassifyPath::Auto) path = g_classify_path;
  if (path == ClassifyPath::Auto)
    path = classify_together_pays(rows, len) ? ClassifyPath::Together : ClassifyPath::Apart;
  if (path == ClassifyPath::Together) return classify_together(net, xs, masks, len);
  std::vector<torch::Tensor> out;
  for (std::size_t i = 0; i < xs.size(); ++i) out.push_back(net->forward(xs[i], masks[i]));
  return out;
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
