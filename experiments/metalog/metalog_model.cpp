#include "experiments/metalog/metalog_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"

namespace logsweep {
namespace {

constexpr int kPerDirection = 4;  // w_ih, w_hh, b_ih, b_hh

torch::Tensor uniform(std::vector<std::int64_t> size, double bound, torch::Dtype dtype) {
  return (torch::rand(size, torch::TensorOptions().dtype(dtype)) * 2.0 - 1.0) * bound;
}

// One direction of one GRU layer over the whole sequence. Padded steps keep the previous state,
// so the backward direction starts from zeros at the last real step.
torch::Tensor gru_direction(const torch::Tensor& x, const torch::Tensor& mask, const torch::Tensor& w_ih,
                            const torch::Tensor& w_hh, const torch::Tensor& b_ih, const torch::Tensor& b_hh,
                            bool reverse) {
  const auto B = x.size(0), L = x.size(1), H = w_hh.size(1);
  auto gi_all = torch::matmul(x, w_ih.t()) + b_ih;  // [B, L, 3H]: input part for every step at once
  auto m = mask.to(x.dtype()).unsqueeze(-1);        // [B, L, 1]
  auto h = torch::zeros({B, H}, x.options());
  std::vector<torch::Tensor> out(L);
  for (std::int64_t k = 0; k < L; ++k) {
    const auto t = reverse ? L - 1 - k : k;
    auto gi = gi_all.select(1, t).chunk(3, 1);
    auto gh = (torch::matmul(h, w_hh.t()) + b_hh).chunk(3, 1);
    auto r = torch::sigmoid(gi[0] + gh[0]);
    auto z = torch::sigmoid(gi[1] + gh[1]);
    auto n = torch::tanh(gi[2] + r * gh[2]);
    auto h_new = (1 - z) * n + z * h;
    auto mt = m.select(1, t);
    h = mt * h_new + (1 - mt) * h;
    out[t] = h * mt;
  }
  return torch::stack(out, 1);
}

// rows × cols with orthonormal rows (rows <= cols): the code's NonLinear initialises its Linear
// with an orthonormal matrix (Dozat's iterative initializer); a QR factor gives the same property.
torch::Tensor orthonormal_rows(std::int64_t rows, std::int64_t cols, torch::Dtype dtype) {
  auto a = torch::randn({cols, rows}, torch::TensorOptions().dtype(dtype));
  auto q = std::get<0>(torch::linalg_qr(a));  // [cols, rows], orthonormal columns
  return q.t().contiguous();
}

}  // namespace

MetaLogNet::MetaLogNet(MetaLogShape shape, torch::Dtype dtype) : shape_(shape) {
  const auto H = shape.hidden;
  const double gru_bound = 1.0 / std::sqrt(static_cast<double>(H));
  for (std::int64_t l = 0; l < shape.layers; ++l) {
    const auto in = l == 0 ? shape.input : 2 * H;
    for (int d = 0; d < 2; ++d) {
      params_.push_back(uniform({3 * H, in}, gru_bound, dtype));
      params_.push_back(uniform({3 * H, H}, gru_bound, dtype));
      params_.push_back(uniform({3 * H}, gru_bound, dtype));
      params_.push_back(uniform({3 * H}, gru_bound, dtype));
    }
  }
  const auto C = 2 * H;  // width of the GRU states and of the context
  params_.push_back(torch::randn({C}, torch::TensorOptions().dtype(dtype)));       // attention guide
  params_.push_back(uniform({2 * C}, std::sqrt(6.0 / (2.0 * C + 1.0)), dtype));  // attention weight [w_g; w_h]
  params_.push_back(torch::zeros({1}, torch::TensorOptions().dtype(dtype)));       // attention bias
  params_.push_back(orthonormal_rows(2, C, dtype));                                // output W
  params_.push_back(torch::zeros({2}, torch::TensorOptions().dtype(dtype)));       // output b
  for (auto& p : params_) p.set_requires_grad(true);
}

void MetaLogNet::to(const torch::Device& device) {
  for (auto& p : params_)
    if (p.device() != device) p = p.detach().to(device).requires_grad_(true);
}

torch::Tensor MetaLogNet::encode(const std::vector<torch::Tensor>& theta, const torch::Tensor& x,
                                 const torch::Tensor& mask) const {
  auto h = x;
  std::size_t k = 0;
  for (std::int64_t l = 0; l < shape_.layers; ++l) {
    auto fwd = gru_direction(h, mask, theta[k], theta[k + 1], theta[k + 2], theta[k + 3], false);
    k += kPerDirection;
    auto bwd = gru_direction(h, mask, theta[k], theta[k + 1], theta[k + 2], theta[k + 3], true);
    k += kPerDirection;
    h = torch::cat({fwd, bwd}, 2);
  }
  return h;
}

MetaLogOutput MetaLogNet::forward(const std::vector<torch::Tensor>& theta, const torch::Tensor& x,
                                  const torch::Tensor& mask) const {
  auto h = encode(theta, x, mask);
  const std::size_t k = static_cast<std::size_t>(shape_.layers) * 2 * kPerDirection;
  const auto& guide = theta[k];
  const auto& att_w = theta[k + 1];
  const auto& att_b = theta[k + 2];
  const auto C = guide.size(0);
  // w_g · guide is one scalar for every step and window: it shifts the scores inside the tanh.
  auto shift = torch::dot(att_w.narrow(0, 0, C), guide) + att_b;                     // [1]
  auto scores = torch::tanh(torch::matmul(h, att_w.narrow(0, C, C)) + shift);       // [B, L]
  auto weights = masked_softmax(scores, mask);
  auto context = (h * weights.unsqueeze(-1)).sum(1);
  auto logits = torch::matmul(context, theta[k + 3].t()) + theta[k + 4];
  return {logits, context};
}

MetaGradient meta_gradient(const std::vector<torch::Tensor>& theta, const ParamLoss& source_loss,
                           const ParamLoss& target_loss, double alpha, double beta, bool second_order) {
  auto ls = source_loss(theta);
  auto g = torch::autograd::grad({ls}, theta, {}, /*retain_graph=*/true, /*create_graph=*/second_order);
  std::vector<torch::Tensor> adapted;
  adapted.reserve(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i)
    adapted.push_back(theta[i] - alpha * (second_order ? g[i] : g[i].detach()));
  auto lt = target_loss(adapted);
  auto total = ls + beta * lt;
  auto grads = torch::autograd::grad({total}, theta);
  MetaGradient out;
  for (auto& t : grads) out.grads.push_back(t.detach());
  out.source_loss = ls.item<double>();
  out.target_loss = lt.item<double>();
  return out;
}

MetaLogOptimizer::MetaLogOptimizer(const std::vector<torch::Tensor>& params, double lr, Kind kind)
    : kind_(kind), base_lr_(lr) {
  if (kind == Kind::Adam)
    opt_ = std::make_unique<torch::optim::Adam>(
        params, torch::optim::AdamOptions(lr).betas(std::make_tuple(kBeta1, kBeta2)).eps(kEps));
  else
    opt_ = std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(lr));
}

void MetaLogOptimizer::step() {
  opt_->step();
  ++steps_;
  if (kind_ != Kind::Adam) return;
  // LambdaLR(lambda s: 0.75 ** (s // 1000)) stepped once per optimiser step.
  const double lr = base_lr_ * std::pow(kDecay, static_cast<double>(steps_ / kDecaySteps));
  for (auto& group : opt_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

double MetaLogOptimizer::lr() const {
  const auto& group = opt_->param_groups().front();
  if (kind_ == Kind::Adam) return static_cast<const torch::optim::AdamOptions&>(group.options()).lr();
  return static_cast<const torch::optim::SGDOptions&>(group.options()).lr();
}

SourceParts::SourceParts(std::int64_t n, std::int64_t parts, std::mt19937_64& rng) {
  if (n <= 0) return;
  parts = std::max<std::int64_t>(1, std::min(parts, n));
  std::vector<std::int64_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  shuffle_indices(perm, rng);
  for (std::int64_t k = 0; k < parts; ++k)
    parts_.emplace_back(perm.begin() + k * n / parts, perm.begin() + (k + 1) * n / parts);
}

std::vector<std::int64_t> SourceParts::draw(std::int64_t per_epoch, std::mt19937_64& rng) const {
  std::vector<std::int64_t> ids(parts_.size());
  std::iota(ids.begin(), ids.end(), 0);
  shuffle_indices(ids, rng);
  ids.resize(static_cast<std::size_t>(std::clamp<std::int64_t>(per_epoch, 0, static_cast<std::int64_t>(ids.size()))));
  return ids;
}

std::vector<std::int64_t> SourceParts::epoch(std::int64_t per_epoch, std::mt19937_64& rng) const {
  std::vector<std::int64_t> out;
  for (auto part : draw(per_epoch, rng)) out.insert(out.end(), parts_[part].begin(), parts_[part].end());
  return out;
}

}  // namespace logsweep
