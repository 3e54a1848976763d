#pragma once
// LogAction's networks (authors' code: utils/encoder/model/Encoder.py, utils/anomaly_detection/
// model/Models.py).
//
//   Encoder        LSTM(D -> H_enc, 2 layers); the log vector is its whole output sequence.
//   LogLSTM        LSTM(H_enc -> H, 2 layers) + additive attention (no softmax) ->
//                  Linear(H, fc) -> Linear(fc, 2). Used twice with separate weights: as the
//                  encoder's discriminator (normal vs anomalous, trains the encoder) and as
//                  Classifier(source). Output = logits z; energies E = -z (see
//                  logaction_selection.hpp).
#include <torch/torch.h>

#include "core/models/common_attention.hpp"

namespace logsweep {

struct LogActionEncoderImpl : torch::nn::Module {
  LogActionEncoderImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t layers = 2);
  torch::Tensor forward(const torch::Tensor& x);  // [B, L, D] -> [B, L, H_enc]
  torch::nn::LSTM lstm{nullptr};
};
TORCH_MODULE(LogActionEncoder);

struct LogLSTMImpl : torch::nn::Module {
  LogLSTMImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t fc, AttentionGuide guide,
              std::int64_t layers = 2);
  // x [B, L, in], mask [B, L] -> logits [B, 2].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);
  torch::nn::LSTM lstm{nullptr};
  AdditiveAttention attention{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(LogLSTM);

struct LogActionShape {
  std::int64_t input_dim = 0;
  std::int64_t encoder_hidden = 512;
  std::int64_t hidden = 64;
  std::int64_t fc = 64;
  AttentionGuide guide = AttentionGuide::Learned;
};

// The three networks of one job. Construction order is fixed so a seed gives the same weights.
struct LogActionNets {
  explicit LogActionNets(const LogActionShape& shape);
  LogActionEncoder encoder;
  LogLSTM discriminator;
  LogLSTM classifier;
};

}  // namespace logsweep
