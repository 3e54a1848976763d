#pragma once
// LogSynergy's pieces: the Transformer feature extractor split into a system-unified and a
// system-specific half, the CLUB mutual-information upper bound between the halves, and DAAN
// (global + per-class domain discriminators behind gradient reversal).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace logsweep {

struct LogSynergyShape {
  std::int64_t input = 300;   // event embedding dimension
  std::int64_t d_model = 768;
  std::int64_t heads = 12;
  std::int64_t layers = 6;
  std::int64_t ffn = 2048;
  std::int64_t hidden = 256;  // the "-> 256 -> 64" projection
  std::int64_t feature = 64;  // first half unified, second half specific
  std::int64_t systems = 2;
  double dropout = 0.1;
};

struct LogSynergyFeatures {
  torch::Tensor unified;   // [B, feature/2]
  torch::Tensor specific;  // [B, feature/2]
};

class LogSynergyNetImpl : public torch::nn::Module {
 public:
  explicit LogSynergyNetImpl(LogSynergyShape shape);
  // x [B, L, D], mask [B, L] bool.
  LogSynergyFeatures features(const torch::Tensor& x, const torch::Tensor& mask);
  torch::Tensor anomaly_logits(const torch::Tensor& unified) { return anomaly_->forward(unified); }
  torch::Tensor system_logits(const torch::Tensor& specific) { return system_->forward(specific); }
  const LogSynergyShape& shape() const { return shape_; }

 private:
  LogSynergyShape shape_;
  torch::nn::Linear in_{nullptr};
  torch::nn::TransformerEncoder encoder_{nullptr};
  torch::nn::Sequential head_{nullptr};
  torch::nn::Linear anomaly_{nullptr}, system_{nullptr};
};
TORCH_MODULE(LogSynergyNet);

// CLUB (Cheng et al. 2020): q(y|x) = N(mu(x), exp(logvar(x))) fitted by maximum likelihood;
// upper bound = mean_i log q(y_i|x_i) − mean_{i,j} log q(y_j|x_i) (Gaussian constants cancel).
class ClubEstimatorImpl : public torch::nn::Module {
 public:
  ClubEstimatorImpl(std::int64_t x_dim, std::int64_t y_dim, std::int64_t hidden);
  // Negative log-likelihood (up to constants) used to fit the estimator.
  torch::Tensor learning_loss(const torch::Tensor& x, const torch::Tensor& y);
  torch::Tensor upper_bound(const torch::Tensor& x, const torch::Tensor& y);

 private:
  torch::nn::Sequential mu_{nullptr}, logvar_{nullptr};
};
TORCH_MODULE(ClubEstimator);

// DAAN (Yu et al. 2019) in the transfer-learning-library form LogSynergy uses: a global
// discriminator and one per class, each weighted by the (detached) predicted class probability;
// loss = (1 − ω)·global + ω·local with the dynamic factor ω re-estimated every epoch.
class DaanLossImpl : public torch::nn::Module {
 public:
  DaanLossImpl(std::int64_t feature, std::int64_t hidden, std::int64_t classes);
  // Features and class probabilities of a source and a target batch; `coefficient` is the
  // gradient-reversal strength 2/(1+e^(−it/1000))−1.
  torch::Tensor forward(const torch::Tensor& source, const torch::Tensor& target, const torch::Tensor& source_prob,
                        const torch::Tensor& target_prob, double coefficient);
  void end_epoch();  // updates ω from the epoch's discriminator losses
  double dynamic_factor() const { return factor_; }

 private:
  torch::Tensor domain_loss(torch::nn::Sequential& disc, const torch::Tensor& s, const torch::Tensor& t,
                            const torch::Tensor& ws, const torch::Tensor& wt);
  torch::nn::Sequential global_{nullptr};
  std::vector<torch::nn::Sequential> local_;
  double factor_ = 0.5, d_global_ = 0, d_local_ = 0;
  std::int64_t steps_ = 0, classes_;
};
TORCH_MODULE(DaanLoss);

// 2/(1+e^(−γ·it/max_it))−1 with γ = 1: the DAAN/DANN reversal schedule.
double daan_coefficient(std::int64_t iteration, std::int64_t max_iteration = 1000);

}  // namespace logsweep
