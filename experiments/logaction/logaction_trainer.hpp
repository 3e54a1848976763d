#pragma once
// LogAction's trainer (internal to experiments/logaction/): the training steps live in
// logaction_train.cpp, the loop over epochs and purchases and its saved state in
// logaction_loop.cpp. See logaction.hpp for the procedure and logaction_loop.hpp for the loop.
#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "core/models/batch.hpp"
#include "experiments/logaction/logaction_cache.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "experiments/logaction/logaction_modules.hpp"
#include "experiments/logaction/logaction_units.hpp"

namespace logsweep {

// Logits [n, 2] of the unique sequences `seqs` of a batcher's dataset, in chunks of batch_size,
// without gradients: the encoder (when the nets have one) then the classifier. The job's test
// predictions, its selection scores and `detect` all read this.
torch::Tensor logaction_logits(LogActionNets& nets, const WindowBatcher& batcher,
                               const std::vector<std::int32_t>& seqs, std::int64_t batch_size);

class LogActionLoop::Trainer {
 public:
  using Clock = std::chrono::steady_clock;
  Trainer(const JobInputs& in, LogActionVariant v, LoopOptions o);

  // logaction_loop.cpp: the loop and its state.
  std::optional<Purchase> advance();
  void answer(const std::vector<std::int8_t>& labels);
  MethodResult finish();
  void save(const std::string& path) const;
  void load(const std::string& path);
  void save_networks(const std::string& path) const;
  std::vector<std::pair<std::int64_t, std::int8_t>> bought_labels() const;
  std::vector<std::int64_t> pending_windows() const {
    std::vector<std::int64_t> w;
    for (auto p : pending_) w.push_back(pool_[static_cast<std::size_t>(p)]);
    return w;
  }

 private:
  // logaction_loop.cpp: the saved members, one list for writing and reading; what a state file
  // must match (method, datasets, budget, seed, parameters).
  template <class Archive>
  void state_fields(const Archive& a);
  std::string job_identity() const;
  // logaction_train.cpp: the steps.
  bool uses_source() const { return v_ != LogActionVariant::NoTransfer && v_ != LogActionVariant::Supervised; }
  std::vector<torch::Tensor> encoder_params();
  void prepare_sets();
  void pretrain();  // encoder pre-training and the round plan
  double train_encoder(const std::vector<const logaction_units::LabelledSet*>& sets, int epochs);
  double train_classifier_epoch();
  // A round in two halves: choose k windows (waiting for their labels), then take the labels in.
  Purchase propose(std::int64_t k, int epoch);
  void accept(const std::vector<std::int8_t>& labels);
  torch::Tensor features(const Batch& b);
  std::pair<Batch, torch::Tensor> frozen_batch(const logaction_units::LabelledSet& set,
                                               const std::vector<std::int64_t>& pos);
  void build_cache();
  torch::Tensor logits_of(const WindowBatcher& batcher, const std::vector<std::int32_t>& seqs);
  // The sets that follow from the pool, the purchases and their answers (after a purchase's
  // labels come in, and after a load): bought training units, target validation part, pool units.
  void rebuild_target_sets();
  // The bought windows' labels (the answers) as training units.
  UniqueWindows bought_units(const std::vector<std::int64_t>& windows) const;
  struct TestPredictions {
    std::vector<std::int8_t> truth, predicted;
    std::vector<double> score;
  };
  TestPredictions predict_test();
  void evaluate(MethodResult& result);
  RoundRecord pool_record(int epoch) const;
  void score_round(RoundRecord& r);
  void keep_vectors(MethodResult& result);
  double validation_f1();
  void keep_if_best(int epoch);
  std::int64_t val_stride() const {
    return c_.val_ratio > 0 ? std::max<std::int64_t>(2, std::llround(1.0 / c_.val_ratio)) : 0;
  }

  const JobInputs& in_;
  LogActionVariant v_;
  LoopOptions o_;
  LogActionConfig c_;
  // Batch order and the algorithm's own draws (EADA's lambda, random selection) use separate
  // streams, so a change in how many windows a shuffle permutes never shifts the draws.
  std::mt19937_64 order_rng_, draw_rng_;
  WindowBatcher src_batcher_, tgt_batcher_;
  LogActionNets nets_;
  torch::optim::Adam cls_opt_;
  std::unique_ptr<torch::optim::Adam> enc_opt_;  // null without an encoder (wt)
  std::int64_t encoder_steps_ = 0, classifier_steps_ = 0;  // optimiser steps, for the record

  logaction_units::LabelledSet encoder_set_;   // labelled windows that pre-train the encoder
  logaction_units::LabelledSet base_set_;      // labelled windows the classifier always trains on
  logaction_units::LabelledSet selected_set_;  // bought target windows
  logaction_units::LabelledSet pool_set_;      // unlabelled pool windows (label_free_units) for the alignment term
  std::vector<std::int64_t> pool_, selected_, test_;
  std::vector<std::int8_t> answers_;  // per bought window (selected_ order): its label as answered
  std::int64_t initial_pool_ = 0;
  EadaAlignment eada_;  // EADA's running source free energy and alignment loss
  logaction_units::EncoderCache cache_;
  bool cache_valid_ = false;  // false after any encoder update or set change
  // Optional epoch selection on labelled data only (val_ratio > 0): source Train windows (target
  // Train for Supervised) and bought target windows, every 1/val_ratio-th of each held out.
  std::vector<std::int64_t> source_val_, target_val_;
  const WindowBatcher* val_batcher_ = nullptr;

  // Where the loop stands (saved with the rest): the record so far, the round plan, the epoch
  // last trained, the next round, a purchase waiting for labels.
  MethodResult result_;
  std::vector<std::int64_t> sizes_;
  RoundPlan plan_;
  bool pretrained_ = false, over_ = false;
  int epoch_ = 0;                 // last epoch trained (0 = none yet)
  bool epoch_rounds_done_ = true;  // the rounds and validation of epoch_ are behind us
  std::size_t next_round_ = 0;
  std::vector<std::int64_t> pending_;  // positions in pool_ of the purchase waiting for labels
  RoundRecord pending_record_;
  double best_f1_ = -1;
  std::vector<torch::Tensor> best_state_;
  double classifier_seconds_ = 0;  // the classifier's epochs alone (not selection, refits, validation)
  double train_seconds_ = 0;       // training time so far, over every process the loop ran in
};

}  // namespace logsweep
