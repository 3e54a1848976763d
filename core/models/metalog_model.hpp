#pragma once
// MetaLog's network in functional form (bidirectional multi-layer GRU + additive attention over
// steps + Linear(2H, 2)), and the meta-gradient of
//   L_S(θ) + β · L_T(θ − α ∇L_S(θ)).
//
// The weights are an explicit list of tensors so that the adapted parameters θ' can be plugged
// into the same forward pass: torch::nn::GRU cannot run on external weights, so the GRU cell
// maths (PyTorch's gate layout r, z, n) is written out here.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace logsweep {

struct MetaLogShape {
  std::int64_t input = 300;   // event embedding dimension
  std::int64_t hidden = 100;  // per direction
  std::int64_t layers = 2;
};

struct MetaLogOutput {
  torch::Tensor logits;   // [B, 2]
  torch::Tensor context;  // [B, 2H] attention-pooled representation
};

class MetaLogNet {
 public:
  // Weights drawn like PyTorch's defaults (U(±1/sqrt(fan))) from the global torch generator.
  explicit MetaLogNet(MetaLogShape shape, torch::Dtype dtype = torch::kFloat32);
  const MetaLogShape& shape() const { return shape_; }
  // Leaf tensors requiring grad, in a fixed order (per layer, per direction: w_ih, w_hh, b_ih,
  // b_hh; then attention w, b, v; then output w, b).
  std::vector<torch::Tensor>& params() { return params_; }
  const std::vector<torch::Tensor>& params() const { return params_; }
  // x [B, L, D], mask [B, L] bool (real steps first, padding at the end).
  MetaLogOutput forward(const std::vector<torch::Tensor>& theta, const torch::Tensor& x,
                        const torch::Tensor& mask) const;
  // The bidirectional GRU stack alone: [B, L, 2H] (forward states, then backward states; zeros
  // on padded steps). Same maths and gate layout as torch::nn::GRU.
  torch::Tensor encode(const std::vector<torch::Tensor>& theta, const torch::Tensor& x,
                       const torch::Tensor& mask) const;

 private:
  MetaLogShape shape_;
  std::vector<torch::Tensor> params_;
};

// A loss evaluated at explicit parameters.
using ParamLoss = std::function<torch::Tensor(const std::vector<torch::Tensor>&)>;

struct MetaGradient {
  std::vector<torch::Tensor> grads;  // d/dθ of the meta objective (detached)
  double source_loss = 0, target_loss = 0;
};

// Gradient of L_S(θ) + β·L_T(θ − α∇L_S(θ)) with respect to θ.
// second_order: exact (∇L_S kept in the graph, create_graph=true).
// first order (the authors' code): ∇L_S treated as a constant, so the target term contributes
// ∇L_T evaluated at θ'.
MetaGradient meta_gradient(const std::vector<torch::Tensor>& theta, const ParamLoss& source_loss,
                           const ParamLoss& target_loss, double alpha, double beta, bool second_order);

}  // namespace logsweep
