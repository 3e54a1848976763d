#pragma once
// Detection metrics for the anomalous class, and the record every method returns.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/util/matrix.hpp"

namespace logsweep {

struct Confusion {
  std::int64_t tp = 0, fp = 0, tn = 0, fn = 0;
  double precision() const;  // 0 when nothing is predicted anomalous
  double recall() const;
  double f1() const;
};

// Weighted counts allowed (weights = de-duplication counts); weights empty = all 1.
Confusion confusion(const std::vector<std::int8_t>& truth, const std::vector<std::int8_t>& predicted,
                    const std::vector<double>& weights = {});
// Area under the ROC curve of `score` (higher = more anomalous), ties averaged.
// NaN when only one class is present.
double auc_roc(const std::vector<std::int8_t>& truth, const std::vector<double>& score,
               const std::vector<double>& weights = {});

// One selection round of an active-learning job (the LogAction family), recorded for the report
// only: nothing here is ever read back to choose anything. Round 0 is the classifier before its
// first purchase (nothing bought; its test scores are the source-only classifier's at that epoch);
// round r >= 1 is the r-th purchase and the test scores of the classifier after the training that
// follows it (just before round r + 1, or after the last epoch for the last round, so the last
// round's scores are the job's).
struct RoundRecord {
  int epoch = 0;                        // classifier epoch after which the round ran
  std::int64_t bought = 0;              // windows bought in this round
  std::int64_t bought_anomalous = 0;    // of them anomalous (the simulated oracle's answer)
  std::int64_t pool = 0;                // unlabelled pool windows just before the purchase
  std::int64_t pool_anomalous = 0;      // of them anomalous (report only: the selection never sees it)
  double energy_threshold = 0;          // lowest free energy kept by the energy step (NaN: no such step)
  double margin_threshold = 0;          // largest energy margin bought by the margin step (NaN: no such step)
  double precision = 0, recall = 0, f1 = 0;  // target test, after this round's training (report only)
};

// The one list of a RoundRecord's fields, in stored order: the store writes one dataset per
// field ("round_" + name) through it, the report reads them through it.
template <class Visit, class... Recs>
void visit_round_fields(Visit&& visit, Recs&... recs) {
  visit("epoch", recs.epoch...);
  visit("bought", recs.bought...);
  visit("bought_anomalous", recs.bought_anomalous...);
  visit("pool", recs.pool...);
  visit("pool_anomalous", recs.pool_anomalous...);
  visit("energy_threshold", recs.energy_threshold...);
  visit("margin_threshold", recs.margin_threshold...);
  visit("precision", recs.precision...);
  visit("recall", recs.recall...);
  visit("f1", recs.f1...);
}

// What a method returns for one job.
struct MethodResult {
  Confusion confusion;
  double precision = 0, recall = 0, f1 = 0;
  double auc = -1;  // -1 when the method has no score
  std::vector<std::vector<std::int64_t>> selected;  // target window indices bought per round
  std::vector<RoundRecord> rounds;  // active-learning jobs: round 0 (before buying), then one per round
  std::int64_t n_train = 0;      // training windows seen (source + bought target)
  std::int64_t n_test = 0;       // target test windows
  std::int64_t n_labelled = 0;   // target labels used
  double train_seconds = 0, eval_seconds = 0;
  // Learned log vectors of (a sample of) test windows, when asked: rows = windows.
  Matrix vectors;
  std::vector<std::int8_t> vector_labels;
  std::vector<std::int8_t> vector_system;  // 0 = source, 1 = target
  std::map<std::string, double> extra;     // method-specific figures (e.g. final loss)

  // Fills precision/recall/f1 (and auc if scores given) from predictions on the test set.
  void score(const std::vector<std::int8_t>& truth, const std::vector<std::int8_t>& predicted,
             const std::vector<double>& anomaly_score = {});
};

}  // namespace logsweep
