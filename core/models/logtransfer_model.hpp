#pragma once
// LogTransfer (Chen et al., ISSRE 2020): an LSTM over template vectors shared between systems,
// then fully connected layers; trained on source labels, then fine-tuned on target labels.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace logsweep {

struct LogTransferShape {
  std::int64_t input = 300;
  std::int64_t hidden = 128;
  std::int64_t layers = 2;
  std::int64_t fc_hidden = 64;
};

class LogTransferNetImpl : public torch::nn::Module {
 public:
  explicit LogTransferNetImpl(LogTransferShape shape);
  // LSTM state at the last real step, [B, hidden].
  torch::Tensor represent(const torch::Tensor& x, const torch::Tensor& mask);
  torch::Tensor classify(const torch::Tensor& h) { return fc_->forward(h); }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask) { return classify(represent(x, mask)); }
  std::vector<torch::Tensor> lstm_parameters() { return lstm_->parameters(); }
  std::vector<torch::Tensor> fc_parameters() { return fc_->parameters(); }

 private:
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Sequential fc_{nullptr};
};
TORCH_MODULE(LogTransferNet);

}  // namespace logsweep
