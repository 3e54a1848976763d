#pragma once
// LogTAD (Han & Yuan, CIKM 2021; code hanxiao0607/LogTAD): an LSTM encoder whose time-averaged
// output is pulled towards a Deep-SVDD centre, with a domain classifier behind gradient reversal;
// windows far from the centre are anomalous. The pieces below follow the authors' code
// (model/LogTAD.py, model/DomainAdversarial.py, utils/utils.py, utils/SlidingWindow.py).
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <vector>

namespace logsweep {

struct LogTadShape {
  std::int64_t input = 300;
  std::int64_t hidden = 128;
  std::int64_t layers = 2;
  double dropout = 0.3;
  std::int64_t domain_hidden = 64;
};

class LogTadNetImpl : public torch::nn::Module {
 public:
  explicit LogTadNetImpl(LogTadShape shape);
  // Mean over real steps of the last LSTM layer: [B, hidden].
  torch::Tensor embed(const torch::Tensor& x, const torch::Tensor& mask);
  // Domain logits [B, 2] of embeddings through a gradient reversal of strength alpha. The head
  // is Linear(hidden, domain_hidden) -> Linear(domain_hidden, 2) with no activation between,
  // as in the code's DA_LSTM.discriminator.
  torch::Tensor domain_logits(const torch::Tensor& z, double alpha);

 private:
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Sequential domain_{nullptr};
};
TORCH_MODULE(LogTadNet);

// --- Loss ------------------------------------------------------------------------------------
struct LogTadLoss {
  torch::Tensor total;   // svdd_scale * svdd + domain
  torch::Tensor svdd;    // sum over rows of w_i * mean_d (z_id - c_d)^2 (unscaled)
  torch::Tensor domain;  // count-weighted mean domain cross entropy (0 when logits undefined)
};
// The code's batch loss `mse * 10e4 + cel`: `mse` adds, over the batch, nn.MSELoss(z_i, c) =
// the mean over the D coordinates of (z_i - c)^2; `cel` is the batch-mean domain CE. Rows carry
// de-duplication counts `weight`, so the sum is weighted by count and the CE is a count-weighted
// mean: a merged batch gives the plain batch's loss. Undefined `domain_logits` = no domain term.
LogTadLoss logtad_loss(const torch::Tensor& z, const torch::Tensor& center, const torch::Tensor& weight,
                       double svdd_scale, const torch::Tensor& domain_logits = {},
                       const torch::Tensor& domain = {});

// --- Centre ----------------------------------------------------------------------------------
// Deep-SVDD centre: weighted mean of z [N, D]; coordinates with 0 < |c| < eps are pushed to
// ±eps (the code's `eps`, Ruff et al.), so the network cannot reach the centre by outputting
// zeros; a coordinate that is exactly 0 stays 0, as in the code. eps = 0 disables.
torch::Tensor svdd_center(const torch::Tensor& z, const torch::Tensor& weight = {}, double eps = 0.1);
// ‖z − c‖ per row (the code's get_dist): the anomaly score.
torch::Tensor svdd_distance(const torch::Tensor& z, const torch::Tensor& center);

// The code's centre schedule (train_LogTAD/_evaluate): the centre starts at zeros; after each of
// the first `update_epochs` epochs it becomes svdd_center() of the held-out embeddings; from then
// on it is fixed. Epoch e trains and is evaluated with the centre current at its start.
class SvddCenterSchedule {
 public:
  // The centre starts as zeros on `device` (the job's; the embeddings it is compared with live there).
  SvddCenterSchedule(std::int64_t dim, std::int64_t update_epochs, double eps,
                     const torch::Device& device = torch::kCPU);
  const torch::Tensor& center() const { return center_; }
  bool updates_after(std::int64_t epoch) const { return epoch < update_epochs_; }
  // End of `epoch`: recompute from the held-out embeddings z [N, D] (count weights w) while the
  // schedule still updates; afterwards a no-op.
  void end_epoch(std::int64_t epoch, const torch::Tensor& z, const torch::Tensor& w);
  // First epoch whose checkpoint may be kept: the code keeps checkpoints from epoch 9 on (the
  // epoch whose update fixes the centre, 0-based, with 10 update epochs). With fewer training
  // epochs than update epochs the last epoch is the only candidate (the code saves none then).
  std::int64_t first_selectable_epoch(std::int64_t epochs) const;

 private:
  torch::Tensor center_;
  std::int64_t update_epochs_;
  double eps_;
};

// --- Model selection -------------------------------------------------------------------------
// Keeps the parameters (and the centre) of the selectable epoch with the lowest held-out
// training loss; a later epoch must be strictly lower to replace it (the code's `<`).
class BestCheckpoint {
 public:
  // Returns true when this epoch became the kept one.
  bool offer(std::int64_t epoch, double loss, bool selectable, const torch::nn::Module& net,
             const torch::Tensor& center);
  // Copies the kept parameters back into `net` (same architecture). No-op when nothing was kept.
  void restore(torch::nn::Module& net) const;
  bool empty() const { return epoch_ < 0; }
  std::int64_t epoch() const { return epoch_; }
  double loss() const { return loss_; }
  const torch::Tensor& center() const { return center_; }

 private:
  std::int64_t epoch_ = -1;
  double loss_ = 0;
  std::vector<torch::Tensor> state_;
  torch::Tensor center_;
};

// --- Training data ---------------------------------------------------------------------------
// How many times the target normals appear in training: the code concatenates the target set
// int(train_size_s / train_size_t) - 1 more times, i.e. int(n_source / n_target) copies in all,
// so the two systems weigh about the same; at least 1, and 0 without target normals.
std::int64_t logtad_target_copies(std::int64_t n_source, std::int64_t n_target);

// The code's train_test_split(test_size = holdout): a random permutation of [0, n) cut into
// {fit, heldout} with |heldout| = ceil(holdout * n) (sklearn's rounding), kept within [1, n-1]
// when n >= 2 so both parts are non-empty.
struct HoldoutSplit {
  std::vector<std::int64_t> fit, heldout;
};
HoldoutSplit holdout_split(std::int64_t n, double holdout, std::mt19937_64& rng);

// --- Radius ----------------------------------------------------------------------------------
struct SvddRadius {
  double radius = 0;
  double mean_normal = 0, mean_anomalous = 0;
  double balanced_accuracy = 0;  // of the chosen radius on the validation data
  bool searched = false;         // false: a class is missing, fell back to a normal quantile
};
// Balanced accuracy (TPR + TNR) / 2 of "distance > r is anomalous" (= sklearn's roc_auc_score of
// those hard predictions, which the code computes). A class with no member counts 0.
double radius_balanced_accuracy(const std::vector<double>& distance, const std::vector<std::int8_t>& label, double r);
// The code's get_best_r: candidates R_i = mean_normal + i * (mean_anomalous - mean_normal) / steps,
// i = 0 .. steps-1; the first with the highest balanced accuracy wins. Without validation
// anomalies (or normals), R = the `fallback_quantile` of the distances present (the code has no
// such case: its validation day always holds both classes).
SvddRadius search_svdd_radius(const std::vector<double>& distance, const std::vector<std::int8_t>& label,
                              int steps = 100, double fallback_quantile = 0.99);

}  // namespace logsweep
