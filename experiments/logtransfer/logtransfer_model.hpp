#pragma once
// LogTransfer (Chen et al., ISSRE 2020): an LSTM over template vectors, then a fully connected
// network shared between the source and the target system; trained on source labels, then the
// LSTM is fine-tuned on target labels while the shared FC network stays as the source left it.
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/models/batch.hpp"

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

// Which part of the source-trained network learns from the target labels.
//  Lstm: the paper's transfer (the FC network is shared, the first half adapts); the FC layers
//        are frozen (not optimised) but gradients flow through them into the LSTM.
//  Fc:   the LSTM is frozen and the FC layers are re-trained (the inverse reading).
//  All:  every layer is fine-tuned.
enum class FineTune { Lstm, Fc, All };
FineTune parse_fine_tune(const std::string& s);  // "lstm" | "fc" | "all"; ConfigError otherwise
std::vector<torch::Tensor> fine_tuned_parameters(LogTransferNet& net, FineTune part);

// `epochs` passes of mini-batches of `batch` units (ceil(units / batch) steps each, a
// BatchCycler over the units) minimising the count-weighted cross entropy; only the parameters
// in `opt` move. part = Fc runs the LSTM without a graph (it cannot change). dedup merges a
// batch's repeated windows (unit_batch), the loss being the same. Returns the last epoch's mean
// loss (0 when there is no unit or no epoch).
double train_logtransfer(LogTransferNet& net, const WindowBatcher& batcher, const UniqueWindows& units,
                         torch::optim::Optimizer& opt, FineTune part, std::int64_t epochs, std::int64_t batch,
                         bool dedup, std::mt19937_64& rng);

}  // namespace logsweep
