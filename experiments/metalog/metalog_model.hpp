#pragma once
// MetaLog's network in functional form (bidirectional multi-layer GRU + the authors' code's
// guide-vector linear attention over steps + Linear(2H, 2)), the meta-gradient of
//   L_S(θ) + β · L_T(θ − α ∇L_S(θ)),
// the code's outer optimiser (Adam, betas (0.9, 0.9), eps 1e-12, learning rate ×0.75 every 1000
// steps) and the paper's epochs over uniformly sampled source parts.
//
// The weights are an explicit list of tensors so that the adapted parameters θ' can be plugged
// into the same forward pass: torch::nn::GRU cannot run on external weights, so the GRU cell
// maths (PyTorch's gate layout r, z, n) is written out here.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
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
  // b_hh; then attention guide [2H], weight [4H], bias [1]; then output w [2, 2H], b [2]).
  // Initialised as the code: GRU U(±1/sqrt(H)); guide N(0, 1); attention weight
  // U(±sqrt(6 / (4H + 1))), bias 0; output rows orthonormal, bias 0.
  std::vector<torch::Tensor>& params() { return params_; }
  const std::vector<torch::Tensor>& params() const { return params_; }
  // Moves the parameters to `device` as new leaves requiring grad (before any optimiser holds
  // them); parameters already there stay the same tensors.
  void to(const torch::Device& device);
  // x [B, L, D], mask [B, L] bool (real steps first, padding at the end).
  // Attention (models/gru.py + module/Attention.py LinearAttention 'x,y'): with GRU states h_t,
  // s_t = tanh(w_g · guide + w_h · h_t + b), a = softmax of s over the real steps,
  // context = Σ_t a_t h_t, logits = W context + b_out.
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

// The outer optimiser. Adam is the code's module/Optimizer.py: betas (0.9, 0.9), eps 1e-12, and a
// LambdaLR stepped after every optimiser step, so step k (0-based) uses lr·0.75^floor(k / 1000).
// Sgd applies θ ← θ − γ·g with a constant γ (the paper's formula literally).
class MetaLogOptimizer {
 public:
  enum class Kind { Adam, Sgd };
  static constexpr double kBeta1 = 0.9, kBeta2 = 0.9, kEps = 1e-12, kDecay = 0.75;
  static constexpr std::int64_t kDecaySteps = 1000;

  MetaLogOptimizer(const std::vector<torch::Tensor>& params, double lr, Kind kind);
  void zero_grad() { opt_->zero_grad(); }
  void step();  // one update, then the learning rate of the next step is set
  double lr() const;  // learning rate the next step will use (read back from the optimiser)
  std::int64_t steps() const { return steps_; }
  torch::optim::Optimizer& optimizer() { return *opt_; }

 private:
  Kind kind_;
  double base_lr_;
  std::int64_t steps_ = 0;
  std::unique_ptr<torch::optim::Optimizer> opt_;
};

// The paper's "source split into `parts` parts, `per_epoch` sampled per epoch" (the code has no
// parts: every epoch visits the whole source). The parts are a uniform random partition of the
// positions 0..n-1 made once (part k = a seeded permutation's slice [k·n/parts, (k+1)·n/parts)),
// not contiguous blocks of the time-ordered source; parts is clamped to [1, n].
class SourceParts {
 public:
  SourceParts(std::int64_t n, std::int64_t parts, std::mt19937_64& rng);
  const std::vector<std::vector<std::int64_t>>& parts() const { return parts_; }
  // Positions of `per_epoch` distinct parts drawn uniformly without replacement (clamped to the
  // number of parts), concatenated in the order drawn.
  std::vector<std::int64_t> epoch(std::int64_t per_epoch, std::mt19937_64& rng) const;
  // The part ids `epoch` would use with the same generator state (for tests).
  std::vector<std::int64_t> draw(std::int64_t per_epoch, std::mt19937_64& rng) const;

 private:
  std::vector<std::vector<std::int64_t>> parts_;
};

}  // namespace logsweep
