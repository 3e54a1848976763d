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
//   LogAction_wt has no encoder (authors' code: without transfer learning the classifier reads
//   the raw event-embedding windows), so its classifier's input width is the embedding width.
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
  bool with_encoder = true;  // false: no encoder and no discriminator; classifier input = input_dim
};

// The networks of one job. Construction order is fixed so a seed gives the same weights.
// Without an encoder, `encoder` and `discriminator` are null.
struct LogActionNets {
  explicit LogActionNets(const LogActionShape& shape);
  LogActionEncoder encoder{nullptr};
  LogLSTM discriminator{nullptr};
  LogLSTM classifier{nullptr};
};

// Logits of several batches through one LogLSTM in a training step (LogAction's classifier step:
// source, bought and pool batches). Two paths, the same rows and logits up to float summation
// order (unidirectional LSTM: padding a window at its end changes none of its real steps, and
// the attention ignores padded steps):
//   Together  the batches padded to the longest L, concatenated, one forward, split back: a
//             third of the LSTM's per-step dispatches, which dominate at small widths;
//   Apart     one forward per batch: faster once the concatenation is very large.
// Auto takes the faster one by classify_together_pays(). xs[i] [B_i, L_i, in], masks[i] [B_i, L_i].
enum class ClassifyPath { Auto, Together, Apart };
std::vector<torch::Tensor> classify_parts(LogLSTM& net, const std::vector<torch::Tensor>& xs,
                                          const std::vector<torch::Tensor>& masks,
                                          ClassifyPath path = ClassifyPath::Auto);
// The measured rule (BENCHMARKS.md, "Classifier step: together or apart", `train_bench
// together`): true when one forward over all `rows` windows of `len` steps is at least as fast as
// one forward per part: rows x len <= 3,584 x 20. Measured at 20 steps at the paper's and the
// quick profile's widths, where the crossover lay between 3,120 and 4,160 rows at both.
bool classify_together_pays(std::int64_t rows, std::int64_t len);
// Process-wide override of Auto, for benchmarks and tests that run a whole job on one path
// (bench/logaction_phases_bench.cpp); Auto (the default) = the rule.
void set_classify_path(ClassifyPath path);

// Supervised contrastive loss (common_train.hpp's supervised_contrastive_loss) of a batch whose
// row r stands for counts[r] identical windows (a de-duplicated batch): equal to that loss over
// the expanded batch, so de-duplication stays exact for LogAction's optional contrastive term.
// For a copy of row r the other windows are the rows q with multiplicity c'_rq = c_q - [q = r]
// (its own copies are partners at cosine 1): denominator D_r = sum_q c'_rq exp(s_rq / t),
// partners n_r = sum_{q: y_q = y_r} c'_rq, loss_r = -(1 / n_r) sum_{q: y_q = y_r} c'_rq
// (s_rq / t - log D_r); the result is sum_r c_r loss_r / sum_r c_r over rows with n_r > 0
// (0 when none). features [R, H], labels [R], counts [R] float >= 1.
torch::Tensor weighted_supervised_contrastive_loss(const torch::Tensor& features, const torch::Tensor& labels,
                                                   const torch::Tensor& counts, double temperature);

}  // namespace logsweep
