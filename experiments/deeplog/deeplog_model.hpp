#pragma once
// DeepLog (Du et al., CCS 2017; reimplementation wuyifan18/DeepLog): an LSTM predicts the next
// template id from the previous `history` ones; a window is anomalous if some true next event is
// not among the top-g predictions.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/windows/windows.hpp"

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

// (history -> next) examples, one row each.
struct NextEventExamples {
  std::int64_t history = 10;
  std::vector<std::int32_t> context;  // n * history ids
  std::vector<std::int32_t> next;     // n
  std::vector<float> weight;          // n (1 per example; the count after merging a batch)
  std::size_t size() const { return next.size(); }
};

// How a window shorter than history + 1 events is checked (wuyifan18/DeepLog pads it so that one
// position is checked; a window of n >= h + 1 events is never padded).
//  End:   the code's rule: events, then `pad` up to h + 1; the one check predicts the padding,
//         which is no output class, so the window is always flagged (the code's -1 label is
//         never among the top-g candidates).
//  Start: `pad` first, then the events: the one check predicts the last event from the events
//         before it.
enum class ShortWindows { End, Start };
ShortWindows parse_short_windows(const std::string& s);  // "pad_end" | "pad_start"

// The positions checked: the sequence padded (rule above) to m = max(n, h + 1) events, then every
// full history t = h .. m-1 predicts event t (0-based; padded positions count). A window of 20
// events with h = 10 gives t = 10..19; of 11 events t = 10; of 5 events one check at t = 10 of
// the padded sequence. An empty sequence gives nothing. training = true drops the examples whose
// next event is the padding (the code trains on unpadded sequences: a window shorter than h + 1
// gives no training example under End).
void append_next_event_examples(NextEventExamples& out, const std::int32_t* events, std::size_t n, std::int32_t pad,
                                ShortWindows rule, bool training);

// Rows `positions` of `all` (a training batch). dedup = true merges equal (context, next) rows
// into one, in order of first appearance, weight = sum of weights: the count-weighted mean cross
// entropy is the plain batch's mean.
NextEventExamples example_batch(const NextEventExamples& all, const std::vector<std::int64_t>& positions, bool dedup);

// Contexts as [n, history] int64.
torch::Tensor context_tensor(const NextEventExamples& ex);

// Which target windows train DeepLog.
//  Normal:          every pool (Train) window labelled normal: the papers' protocol; it reads the
//                   labels of the whole pool.
//  Pool:            every pool window, unlabelled (assumed mostly normal); reads no label.
//  LabelledNormals: the bought windows labelled normal; reads the bought labels only.
enum class DeepLogTrainOn { Normal, Pool, LabelledNormals };
DeepLogTrainOn parse_train_on(const std::string& s);  // "normal" | "pool" | "labelled_normals"
// The training windows (in the order given) and how many target labels choosing them read.
struct DeepLogTrainingSet {
  std::vector<std::int64_t> windows;
  std::int64_t labels_read = 0;
};
DeepLogTrainingSet deeplog_training_windows(const WindowSet& target, const std::vector<std::int64_t>& pool,
                                            const std::vector<std::int64_t>& labelled, DeepLogTrainOn on);

// 1-based rank of the true event in each row of probs [N, V]: 1 + #classes with a strictly
// higher probability.
std::vector<std::int64_t> true_event_ranks(const torch::Tensor& probs, const std::vector<std::int32_t>& truth);

// A position is normal iff its true event is an output class (not the padding) and ranks within
// the top g.
bool deeplog_position_anomalous(std::int64_t rank, bool is_class, std::int64_t g);

}  // namespace logsweep
