#include "experiments/logtransfer/logtransfer_model.hpp"

#include "core/models/common_attention.hpp"
#include "core/models/common_train.hpp"
#include "core/util/errors.hpp"

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

FineTune parse_fine_tune(const std::string& s) {
  if (s == "lstm") return FineTune::Lstm;
  if (s == "fc") return FineTune::Fc;
  if (s == "all") return FineTune::All;
  throw ConfigError("LogTransfer finetune must be lstm, fc or all, not '" + s + "'");
}

std::vector<torch::Tensor> fine_tuned_parameters(LogTransferNet& net, FineTune part) {
  switch (part) {
    case FineTune::Lstm: return net->lstm_parameters();
    case FineTune::Fc: return net->fc_parameters();
    case FineTune::All: break;
  }
  return net->parameters();
}

double train_logtransfer(LogTransferNet& net, const WindowBatcher& batcher, const UniqueWindows& units,
                         torch::optim::Optimizer& opt, FineTune part, std::int64_t epochs, std::int64_t batch,
                         bool dedup, std::mt19937_64& rng) {
  net->train();
  BatchCycler cycler(static_cast<std::int64_t>(units.seq.size()), batch, rng);
  return run_epochs(opt, epochs, cycler.batches_per_pass(), [&] {
    auto b = unit_batch(batcher, units, cycler.next(), dedup);
    torch::Tensor h;
    if (part == FineTune::Fc) {
      torch::NoGradGuard no_grad;  // the LSTM stays as the source trained it
      h = net->represent(b.x, b.mask);
    } else {
      h = net->represent(b.x, b.mask);
    }
    return weighted_cross_entropy(net->classify(h), b.y, b.weight);
  });
}

}  // namespace logsweep
