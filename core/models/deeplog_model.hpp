#pragma once
// DeepLog (Du et al., CCS 2017): an LSTM predicts the next template id from the previous
// `history` ones; a window is anomalous if some true next event is not among the top-g
// predictions, or was never seen in training.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace logsweep {

struct DeepLogShape {
  std::int64_t vocab = 0;  // number of template ids (the padding id is `vocab`)
  std::int64_t hidden = 64;
  std::int64_t layers = 2;
};

class DeepLogNetImpl : public torch::nn::Module {
 public:
  explicit DeepLogNetImpl(DeepLogShape shape);
  // history [N, h] int64 ids in [0, vocab] (vocab = padding) -> next-event logits [N, vocab].
  torch::Tensor forward(const torch::Tensor& history);

 private:
  DeepLogShape shape_;
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(DeepLogNet);

// (history -> next) examples, de-duplicated with summed weights.
struct NextEventExamples {
  std::int64_t history = 10;
  std::vector<std::int32_t> context;  // n * history ids, left-padded with `pad`
  std::vector<std::int32_t> next;     // n
  std::vector<float> weight;          // n
  std::size_t size() const { return next.size(); }
};

// Every position t >= 1 of every sequence predicts events[t] from up to `history` previous
// events (left-padded with `pad`). `weights` multiplies each sequence's examples.
NextEventExamples next_event_examples(const std::vector<std::vector<std::int32_t>>& sequences,
                                      const std::vector<float>& weights, std::int64_t history, std::int32_t pad);

// 1-based rank of the true event in each row of probs [N, V]: 1 + #classes with a strictly
// higher probability.
std::vector<std::int64_t> true_event_ranks(const torch::Tensor& probs, const std::vector<std::int32_t>& truth);

// A position is normal iff its true event was seen in training and ranks within the top g.
bool deeplog_position_anomalous(std::int64_t rank, bool seen_in_training, std::int64_t g);

}  // namespace logsweep
