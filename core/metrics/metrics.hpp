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

// What a method returns for one job.
struct MethodResult {
  Confusion confusion;
  double precision = 0, recall = 0, f1 = 0;
  double auc = -1;  // -1 when the method has no score
  std::vector<std::vector<std::int64_t>> selected;  // target window indices bought per round
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
