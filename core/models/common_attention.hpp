#pragma once
// Additive attention without softmax (LogAction's "LinearAttention", an AllenNLP idiom):
// a_t = tanh(w_g . g + w_h . h_t + b), representation = sum_t a_t * h_t over real steps.
// The scores are not normalised: a window's representation scales with how many steps attend.
#include <torch/torch.h>

namespace logsweep {

enum class AttentionGuide {
  Learned,  // g is a learned vector (the authors' code: `atten_guide`, N(0,1) init)
  Last,     // g is the hidden state at the last real step of each window
};

struct AdditiveAttentionImpl : torch::nn::Module {
  AdditiveAttentionImpl(std::int64_t hidden, AttentionGuide guide);
  // h: [B, L, H]; mask: [B, L] bool (true = real step). Returns [B, H].
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& mask);
  // Scores a_t [B, L] (0 on padded steps), exposed for tests and inspection.
  torch::Tensor scores(const torch::Tensor& h, const torch::Tensor& mask);

  AttentionGuide guide;
  torch::Tensor guide_vector;  // [H], used when guide == Learned
  torch::Tensor w_g, w_h;      // [H] each
  torch::Tensor bias;          // [1]
};
TORCH_MODULE(AdditiveAttention);

// Hidden state at the last real step of each window: h [B, L, H], mask [B, L] -> [B, H].
// A window with no real step yields the state at step 0.
torch::Tensor last_real_step(const torch::Tensor& h, const torch::Tensor& mask);
// Mean over real steps: h [B, L, H], mask [B, L] -> [B, H] (zeros for an empty window).
torch::Tensor masked_mean(const torch::Tensor& h, const torch::Tensor& mask);

}  // namespace logsweep
