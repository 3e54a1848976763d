#pragma once
// LogSynergy's pieces (paper + DDUtian/LogSynergy: MTLog/model.py, MTLog/trainer.py,
// loss_funcs/daan.py, loss_funcs/adv.py): a BERT-style Transformer feature extractor whose
// 64-d feature is split into a system-unified and a system-specific half, the CLUB mutual-
// information upper bound between the halves, DAAN (global + per-class domain discriminators
// behind gradient reversal, with the library's inner factors), the LambdaSheduler reversal
// schedule, the two-term anomaly cross entropy and the HF Trainer's linear warm-up schedule.
//
// Every loss here takes per-row weights w (de-duplication counts): a row of weight c stands for
// c identical windows, and each loss equals the loss of the plain batch with the repeats.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace logsweep {

struct LogSynergyShape {
  std::int64_t input = 768;    // event embedding dimension (code: BERT embeddings, 768)
  std::int64_t d_model = 768;  // BertConfig.hidden_size
  std::int64_t heads = 12;
  std::int64_t layers = 6;
  std::int64_t ffn = 2048;           // BertConfig.intermediate_size
  std::int64_t hidden = 256;         // Classifier: Linear(d_model, 256) ...
  std::int64_t feature = 64;         // ... Linear(256, 64); first half unified, second specific
  std::int64_t systems = 2;          // system classifier classes (sources + the target)
  std::int64_t max_positions = 512;  // learned position table (BertConfig default 512)
  double dropout = 0.1;              // BERT hidden/attention dropout and the feature dropout;
                                     // the pooled output gets 2 * dropout (code: 0.2)
};

struct LogSynergyFeatures {
  torch::Tensor unified;   // [B, feature/2]: input of the anomaly head, CLUB's x, DAAN's input
  torch::Tensor specific;  // [B, feature - feature/2]: input of the system classifier, CLUB's y
};

// BertModel(inputs_embeds) + pooler + dropout + Classifier head of MTLog/model.py:
//   h = LN(P(x) + pos[0..L) + type0) -> dropout -> post-LN GELU encoder (key padding masked)
//   pooled = tanh(W h_first + b) -> dropout(2 * dropout)
//   feature = dropout(LN(Linear(ReLU(LN(Linear(pooled))))))
// P is the identity when input == d_model (the code feeds 768-d embeddings straight into BERT)
// and a Linear otherwise. Parameters get BERT's initialisation (normal 0.02, zero bias, LN 1/0)
// except the system classifier (a plain torch Linear in the code).
class LogSynergyNetImpl : public torch::nn::Module {
 public:
  explicit LogSynergyNetImpl(LogSynergyShape shape);
  // x [B, L, D], mask [B, L] bool (true = real event). L <= max_positions.
  LogSynergyFeatures features(const torch::Tensor& x, const torch::Tensor& mask);
  // The encoder's last hidden states [B, L, d_model].
  torch::Tensor encode(const torch::Tensor& x, const torch::Tensor& mask);
  // The BERT pooler output [B, d_model] (before the pooled dropout): tanh(dense(first token)).
  torch::Tensor pooled(const torch::Tensor& x, const torch::Tensor& mask);
  torch::Tensor anomaly_logits(const torch::Tensor& unified) { return anomaly_->forward(unified); }
  torch::Tensor system_logits(const torch::Tensor& specific) { return system_->forward(specific); }
  const LogSynergyShape& shape() const { return shape_; }

 private:
  void bert_init();
  LogSynergyShape shape_;
  torch::nn::Linear in_{nullptr};  // null when input == d_model
  torch::Tensor positions_, token_type_;
  torch::nn::LayerNorm embed_norm_{nullptr};
  torch::nn::Dropout embed_drop_{nullptr}, pooled_drop_{nullptr}, feature_drop_{nullptr};
  torch::nn::TransformerEncoder encoder_{nullptr};
  torch::nn::Linear pooler_{nullptr};
  torch::nn::Sequential head_{nullptr};
  torch::nn::Linear anomaly_{nullptr}, system_{nullptr};
};
TORCH_MODULE(LogSynergyNet);

// CLUB (Cheng et al. 2020; MTLog/trainer.py CLUB): q(y|x) = N(mu(x), exp(logvar(x))), mu and
// logvar MLPs x_dim -> hidden -> y_dim (logvar ends in tanh). With weights w (W = sum w):
//   bound = sum_i (w_i/W) [ -sum_d (mu_i - y_i)^2 / (2 var_i) ]
//         - sum_i sum_j (w_i w_j / W^2) [ -sum_d (y_j - mu_i)^2 / (2 var_i) ]
// which is the code's mean over i of (positive_i - mean over j of negative_ij) on the batch
// with every row repeated w times. learning_loss = -weighted mean_i sum_d
// (-(mu_i - y_i)^2 / var_i - logvar_i) (the code's learning_loss, which the code never calls).
class ClubEstimatorImpl : public torch::nn::Module {
 public:
  ClubEstimatorImpl(std::int64_t x_dim, std::int64_t y_dim, std::int64_t hidden);
  // w: [N] row weights; undefined = all 1.
  torch::Tensor learning_loss(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w = {});
  torch::Tensor upper_bound(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w = {});

 private:
  torch::nn::Sequential mu_{nullptr}, logvar_{nullptr};
};
TORCH_MODULE(ClubEstimator);

// BatchNorm1d in training mode with row weights: normalises by the weighted mean and the
// weighted biased variance, so a merged row of weight c acts as c identical rows. Keeps no
// running statistics: the discriminators that use it only ever run in training mode.
class WeightedBatchNormImpl : public torch::nn::Module {
 public:
  explicit WeightedBatchNormImpl(std::int64_t features, double eps = 1e-5);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& w);

 private:
  torch::Tensor gamma_, beta_;
  double eps_;
};
TORCH_MODULE(WeightedBatchNorm);

// loss_funcs/adv.py Discriminator: Linear(in, h) BN ReLU Linear(h, h) BN ReLU Linear(h, 1)
// Sigmoid (h = 32 in the code); returns probabilities [B].
class DomainDiscriminatorImpl : public torch::nn::Module {
 public:
  DomainDiscriminatorImpl(std::int64_t in, std::int64_t hidden);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& w);

 private:
  torch::nn::Linear l1_{nullptr}, l2_{nullptr}, l3_{nullptr};
  WeightedBatchNorm bn1_{nullptr}, bn2_{nullptr};
};
TORCH_MODULE(DomainDiscriminator);

// Weighted mean binary cross entropy of probabilities p against a constant label (1 = source).
torch::Tensor weighted_bce(const torch::Tensor& p, double label, const torch::Tensor& w);

// DAAN as loss_funcs/daan.py computes it (source = domain 1, target = domain 0; R = gradient
// reversal with coefficient lambda; each BCE a count-weighted mean over its own batch):
//   global = 0.5 * (BCE(D_g(R(s)), 1) + BCE(D_g(R(t)), 0)) * 0.05
//   local  = 0.5 * (sum_c BCE(D_c(l_c * R(s)), 1) + sum_c BCE(D_c(l_c * R(t)), 0)) * 0.01
//   loss   = (1 - f) * global + f * local
// where l_c is column c of the class scores the caller passes (the code passes the anomaly
// head's raw logits, not detached; DeepDA's DAAN passes softmax probabilities) and f is the
// dynamic factor (0.5 until update_factor() is called; the code never calls it).
class DaanLossImpl : public torch::nn::Module {
 public:
  DaanLossImpl(std::int64_t feature, std::int64_t hidden, std::int64_t classes);
  torch::Tensor forward(const torch::Tensor& source, const torch::Tensor& target, const torch::Tensor& source_scores,
                        const torch::Tensor& target_scores, const torch::Tensor& source_w,
                        const torch::Tensor& target_w, double coefficient);
  // The library's update_dynamic_factor(epoch_length): f = 1 - d_g / (d_g + d_l) from the
  // accumulated 2(1 - 2 global) and 2(1 - 2 local / classes), clamped to [0, 1]; 0.5 when both
  // are 0. Resets the accumulators.
  void update_factor(std::int64_t epoch_length);
  double dynamic_factor() const { return factor_; }
  DomainDiscriminator& global_discriminator() { return global_; }
  DomainDiscriminator& local_discriminator(std::int64_t c) { return local_.at(static_cast<std::size_t>(c)); }
  // The two terms of the last forward (already scaled by 0.05 / 0.01), for tests and logs.
  double last_global() const { return last_global_; }
  double last_local() const { return last_local_; }

 private:
  torch::Tensor side(const torch::Tensor& x, const torch::Tensor& scores, const torch::Tensor& w, double label,
                     double coefficient, torch::Tensor& local);
  DomainDiscriminator global_{nullptr};
  std::vector<DomainDiscriminator> local_;
  double factor_ = 0.5, d_global_ = 0, d_local_ = 0, last_global_ = 0, last_local_ = 0;
  std::int64_t classes_;
};
TORCH_MODULE(DaanLoss);

// LambdaSheduler.lamb() before its `iteration`-th step(): 2 / (1 + e^(-gamma * p)) - 1 with
// p = c / max_iter, c = 0 at iteration 0 and min(iteration, max_iter) after (step() clamps
// curr_iter to max_iter). max_iter = 1000 (DAAN's inherited default) caps the coefficient at
// 2/(1+e^-1)-1 = 0.4621 from iteration 1000 on; max_iter = -1 (the max_steps the trainer
// passes) gives that constant from iteration 1 on. max_iter = 0 throws ConfigError.
double daan_coefficient(std::int64_t iteration, std::int64_t max_iteration = 1000, double gamma = 1.0);

// HF get_linear_schedule_with_warmup: the multiplier of the learning rate at optimiser step
// `step` (0-based; HF's first step runs at 0): step / warmup during the warm-up, then
// max(0, (total - step) / (total - warmup)); warmup = warmup_steps(total, ratio).
double linear_warmup_factor(std::int64_t step, std::int64_t total, double warmup_ratio);
// HF TrainingArguments.get_warmup_steps: ceil(ratio * total).
std::int64_t warmup_steps(std::int64_t total, double warmup_ratio);

// The code's clf_loss: CE(source) + CE(bought target rows), two class-weighted means (each
// sum w_i cw[y_i] ce_i / sum w_i cw[y_i], PyTorch's `weight=` normalisation) summed 1:1; the
// target term is dropped when the batch holds no bought row (target_logits has 0 rows).
torch::Tensor anomaly_cross_entropy(const torch::Tensor& source_logits, const torch::Tensor& source_y,
                                    const torch::Tensor& source_w, const torch::Tensor& target_logits,
                                    const torch::Tensor& target_y, const torch::Tensor& target_w,
                                    const torch::Tensor& class_weight);

}  // namespace logsweep
