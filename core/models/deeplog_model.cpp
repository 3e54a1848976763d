#include "core/models/deeplog_model.hpp"

#include <map>

namespace logsweep {

DeepLogNetImpl::DeepLogNetImpl(DeepLogShape shape) : shape_(shape) {
  lstm_ = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(shape.vocab + 1, shape.hidden)
                                                      .num_layers(shape.layers)
                                                      .batch_first(true)));
  out_ = register_module("out", torch::nn::Linear(shape.hidden, shape.vocab));
}

torch::Tensor DeepLogNetImpl::forward(const torch::Tensor& history) {
  // One-hot inputs (the padding id has its own slot) as in DeepLog's key-sequence model.
  auto x = torch::one_hot(history, shape_.vocab + 1).to(torch::kFloat32);
  auto out = std::get<0>(lstm_->forward(x));
  return out_->forward(out.select(1, out.size(1) - 1));
}

NextEventExamples next_event_examples(const std::vector<std::vector<std::int32_t>>& sequences,
                                      const std::vector<float>& weights, std::int64_t history, std::int32_t pad) {
  // Ordered map: the example order (and so training) does not depend on hashing.
  std::map<std::vector<std::int32_t>, double> counts;
  std::vector<std::int32_t> key(history + 1);
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    const auto& seq = sequences[s];
    for (std::size_t t = 1; t < seq.size(); ++t) {
      for (std::int64_t k = 0; k < history; ++k) {
        const std::int64_t src = static_cast<std::int64_t>(t) - history + k;
        key[k] = src < 0 ? pad : seq[src];
      }
      key[history] = seq[t];
      counts[key] += weights.empty() ? 1.0 : weights[s];
    }
  }
  NextEventExamples ex;
  ex.history = history;
  for (const auto& [k, w] : counts) {
    ex.context.insert(ex.context.end(), k.begin(), k.end() - 1);
    ex.next.push_back(k.back());
    ex.weight.push_back(static_cast<float>(w));
  }
  return ex;
}

std::vector<std::int64_t> true_event_ranks(const torch::Tensor& probs, const std::vector<std::int32_t>& truth) {
  auto p = probs.to(torch::kFloat64).contiguous();
  const auto n = p.size(0), v = p.size(1);
  const double* data = p.data_ptr<double>();
  std::vector<std::int64_t> ranks(n);
  for (std::int64_t i = 0; i < n; ++i) {
    const double* row = data + i * v;
    const double pt = row[truth[i]];
    std::int64_t higher = 0;
    for (std::int64_t j = 0; j < v; ++j) higher += row[j] > pt;
    ranks[i] = higher + 1;
  }
  return ranks;
}

bool deeplog_position_anomalous(std::int64_t rank, bool seen_in_training, std::int64_t g) {
  return !seen_in_training || rank > g;
}

}  // namespace logsweep
