#pragma once
// LogTAD: an LSTM encoder whose time-averaged output is pulled towards a Deep-SVDD centre, with
// a domain classifier behind gradient reversal; windows far from the centre are anomalous.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace logsweep {

struct LogTadShape {
  std::int64_t input = 300;
  std::int64_t hidden = 128;
  std::int64_t layers = 2;
  double dropout = 0.3;
  std::int64_t domain_hidden = 64;
};

class LogTadNetImpl : public torch::nn::Module {
 public:
  explicit LogTadNetImpl(LogTadShape shape);
  // Mean over real steps of the last LSTM layer: [B, hidden].
  torch::Tensor embed(const torch::Tensor& x, const torch::Tensor& mask);
  // Domain logits [B, 2] of embeddings, through a gradient reversal of strength alpha.
  torch::Tensor domain_logits(const torch::Tensor& z, double alpha);

 private:
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Sequential domain_{nullptr};
};
TORCH_MODULE(LogTadNet);

// Deep-SVDD centre: weighted mean of z [N, D]; coordinates closer to 0 than eps are pushed to
// ±eps (Ruff et al.) so a zero network cannot reach the centre trivially. eps = 0 disables.
torch::Tensor svdd_center(const torch::Tensor& z, const torch::Tensor& weight = {}, double eps = 0.1);
// ‖z − c‖ per row.
torch::Tensor svdd_distance(const torch::Tensor& z, const torch::Tensor& center);

struct SvddThreshold {
  double radius = 0;
  double mean_normal = 0, mean_anomalous = 0;
  double validation_f1 = 0;
  bool searched = false;  // false: no anomaly in validation, fell back to a normal quantile
};
// Radius R maximising F1 (dist > R = anomalous) on labelled validation distances, searched over
// `steps` evenly spaced values between the mean normal and the mean anomalous distance. Without
// validation anomalies, R = the `fallback_quantile` of normal distances.
SvddThreshold search_svdd_threshold(const std::vector<double>& distance, const std::vector<std::int8_t>& label,
                                    int steps = 100, double fallback_quantile = 0.99);

}  // namespace logsweep
