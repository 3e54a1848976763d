#pragma once
// LogAction (Duan et al.) and its ablations, shared by experiments/logaction/logaction.cpp (the Method
// classes and the parameter schema) and experiments/logaction/logaction_train.cpp (the procedure).
//
// Procedure of one job (source S -> target T, label budget b):
//  1. Encoder pre-training (not for LogAction_wt, which has no encoder: as in the authors' code
//     its classifier reads the raw event embeddings): Encoder + discriminator trained with plain CE
//     (normal vs anomalous) on labelled source windows (role Pretrain; when the split has no
//     Pretrain part, the source Train windows). The paper calls this step contrastive
//     learning; the authors' code (and we) realise it as supervised CE through a discriminator,
//     so windows of both systems with the same label are pulled into a shared, label-separable
//     space. Optionally (contrastive_weight > 0, default 0) a supervised contrastive term on
//     the time-averaged log vectors is added, the literal reading of the paper. The encoder
//     is then frozen while the classifier trains.
//  2. Classifier(source) trained for the epochs of the round plan (logaction_round_plan); each step:
//       CE(source Train batch) + CE(batch of bought target windows) + w * L_align(pool batch).
//     L_align (EADA) = mean max(0, F(x_t) - Delta) on unlabelled target pool windows, Delta a
//     running mean of the source batches' mean free energy with momentum lambda ~ U(0,1).
//  3. After the planned epochs, a selection round buys labels from the target pool (two-step:
//     highest free energy, then smallest energy margin; see experiments/logaction/logaction_selection.hpp).
//     Bought windows leave the pool and join training. The encoder is then refitted for
//     `encoder_refit_epochs` epochs on the pooled labels (source pretraining windows + all
//     bought target windows): this is how bought target labels reach the encoder. Unlike the
//     authors' code, no target labels beyond the budget are ever used.
//  4. Target Test windows are scored with p(anomaly) = softmax(z)_1 and flagged when > 0.5.
// Epochs and thresholds are fixed in advance (default) or, with val_ratio > 0, the epoch is
// chosen on a validation part held out of the labelled data (source Train + bought target
// windows); nothing is ever chosen on test data.
// Every training set is one unit per window (window_units) cycled by a BatchCycler over windows,
// so an epoch has the steps of a plain data loader; dedup only merges a batch's repeated windows
// into one count-weighted row (exact for every loss here; the optional contrastive term, a loss
// over pairs, is expanded over the rows' multiplicities).
#include <cstdint>
#include <string>
#include <vector>

#include "core/models/common_attention.hpp"
#include "experiments/logaction/logaction_selection.hpp"
#include "experiments/method.hpp"

namespace logsweep {

enum class LogActionVariant {
  Full,             // LogAction
  NoTransfer,       // LogAction_wt: no source data at all; target selections only
  RandomSelection,  // LogAction_wa
  EnergyOnly,       // LogAction_wu
  UncertaintyOnly,  // LogAction_we
  Supervised,       // ceiling: the same networks trained on every target Train label
};

const char* logaction_variant_name(LogActionVariant v);
// The family's parameters, each declared once in experiments/logaction/logaction.cpp (logaction_params():
// name, paper and quick defaults, doc, bounds); the members get their values only from there.
struct LogActionConfig {
  int epochs;
  int encoder_epochs;
  int encoder_refit_epochs;
  std::int64_t batch_size;
  double lr;
  double weight_decay;
  std::int64_t encoder_hidden;
  std::int64_t hidden;
  std::int64_t fc;
  AttentionGuide guide;
  double beta;
  double first_ratio;
  double round_size;
  std::vector<int> round_epochs;  // empty = periodic rounds (round_every, epochs_after_last_round)
  int round_every;
  int epochs_after_last_round;
  double align_weight;
  EnergyReading energy;
  bool dedup;
  int max_len;
  std::int64_t vector_samples;
  std::int64_t encoder_cache_mb;
  double contrastive_weight;
  double contrastive_temperature;
  double val_ratio;
};
// One declaration for the whole family (paper defaults + quick profile): its schema and binder.
const TypedSchema<LogActionConfig>& logaction_params();
inline const ParamSchema& logaction_schema() {
  return logaction_params().schema();
}

// The rounds and classifier epochs of a job with n_rounds rounds: periodic_rounds(n_rounds,
// round_every, epochs_after_last_round, epochs) by default; with listed round_epochs,
// round_schedule(n_rounds, round_epochs, epochs) and `epochs` in all.
RoundPlan logaction_round_plan(const LogActionConfig& c, int n_rounds);

// The selection rule a variant uses. wt uses UncertaintyOnly: the authors' code sets the first
// ratio to 1 without transfer, so its first round ranks the margins of an untrained model.
SelectionRule logaction_selection_rule(LogActionVariant v);

// Runs one job; throws JobSkipped when it cannot run (see logaction_train.cpp).
MethodResult run_logaction(const JobInputs& in, LogActionVariant variant);

}  // namespace logsweep
