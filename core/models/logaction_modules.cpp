#include "core/models/logaction_modules.hpp"

namespace logsweep {

LogActionEncoderImpl::LogActionEncoderImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t layers) {
  lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(input_dim, hidden).num_layers(layers).batch_first(true)));
}

torch::Tensor LogActionEncoderImpl::forward(const torch::Tensor& x) { return std::get<0>(lstm->forward(x)); }

LogLSTMImpl::LogLSTMImpl(std::int64_t input_dim, std::int64_t hidden, std::int64_t fc, AttentionGuide guide,
                         std::int64_t layers) {
  lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(input_dim, hidden).num_layers(layers).batch_first(true)));
  attention = register_module("attention", AdditiveAttention(hidden, guide));
  // Two linear layers with no activation between them, as in the authors' code.
  fc1 = register_module("fc1", torch::nn::Linear(hidden, fc));
  fc2 = register_module("fc2", torch::nn::Linear(fc, 2));
}

torch::Tensor LogLSTMImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  auto h = std::get<0>(lstm->forward(x));
  return fc2->forward(fc1->forward(attention->forward(h, mask)));
}

LogActionNets::LogActionNets(const LogActionShape& s)
    : encoder(s.input_dim, s.encoder_hidden),
      discriminator(s.encoder_hidden, s.hidden, s.fc, s.guide),
      classifier(s.encoder_hidden, s.hidden, s.fc, s.guide) {}

}  // namespace logsweep
