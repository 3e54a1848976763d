#include "core/models/common_attention.hpp"

#include <cmath>

namespace logsweep {

AdditiveAttentionImpl::AdditiveAttentionImpl(std::int64_t hidden, AttentionGuide g) : guide(g) {
  // Init as in the authors' code: weight vector over [g; h] uniform(+-sqrt(6 / (2H + 1))), bias 0.
  const double bound = std::sqrt(6.0 / (2.0 * hidden + 1.0));
  w_g = register_parameter("w_g", torch::empty({hidden}).uniform_(-bound, bound));
  w_h = register_parameter("w_h", torch::empty({hidden}).uniform_(-bound, bound));
  bias = register_parameter("bias", torch::zeros({1}));
  if (guide == AttentionGuide::Learned)
    guide_vector = register_parameter("guide", torch::randn({hidden}));
}

torch::Tensor AdditiveAttentionImpl::scores(const torch::Tensor& h, const torch::Tensor& mask) {
  torch::Tensor g_term;  // [B, 1]
  if (guide == AttentionGuide::Learned)
    g_term = (guide_vector * w_g).sum().view({1, 1}).expand({h.size(0), 1});
  else
    g_term = last_real_step(h, mask).matmul(w_g).unsqueeze(1);
  auto a = torch::tanh(g_term + h.matmul(w_h) + bias);  // [B, L]
  return a * mask.to(a.dtype());
}

torch::Tensor AdditiveAttentionImpl::forward(const torch::Tensor& h, const torch::Tensor& mask) {
  return (h * scores(h, mask).unsqueeze(-1)).sum(1);
}

torch::Tensor last_real_step(const torch::Tensor& h, const torch::Tensor& mask) {
  auto last = (mask.to(torch::kInt64).sum(1) - 1).clamp_min(0);  // [B]
  auto idx = last.view({-1, 1, 1}).expand({h.size(0), 1, h.size(2)});
  return h.gather(1, idx).squeeze(1);
}

torch::Tensor masked_mean(const torch::Tensor& h, const torch::Tensor& mask) {
  auto m = mask.to(h.dtype()).unsqueeze(-1);
  return (h * m).sum(1) / m.sum(1).clamp_min(1.0);
}

}  // namespace logsweep
