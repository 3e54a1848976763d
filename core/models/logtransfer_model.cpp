#include "core/models/logtransfer_model.hpp"

#include "core/models/common_attention.hpp"

namespace logsweep {

LogTransferNetImpl::LogTransferNetImpl(LogTransferShape shape) {
  lstm_ = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(shape.input, shape.hidden)
                                                      .num_layers(shape.layers)
                                                      .batch_first(true)));
  fc_ = register_module("fc", torch::nn::Sequential(torch::nn::Linear(shape.hidden, shape.fc_hidden), torch::nn::ReLU(),
                                                    torch::nn::Linear(shape.fc_hidden, 2)));
}

torch::Tensor LogTransferNetImpl::represent(const torch::Tensor& x, const torch::Tensor& mask) {
  return last_real_step(std::get<0>(lstm_->forward(x)), mask);
}

}  // namespace logsweep
