#pragma once
// One LogAction-family job as a loop that stops at every purchase, so that the labels of the
// bought windows can come from the ground truth (a batch job: run_logaction answers each
// purchase from the target's labels) or from a person (`logsweep label`, runner/service/). Both
// run this loop, so a session answered from the ground truth buys the same windows and scores
// the same F1 as the batch job (tests/runner/service/label_session_test.cpp).
//
// The loop's whole state (networks, optimisers, random streams, pool, bought labels, where the
// schedule stands, the record so far) can be saved between purchases and loaded into a loop
// built from the same inputs, so a person may answer a round days later in another process.
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "experiments/logaction/logaction.hpp"

namespace logsweep {

// A purchase waiting for its labels.
struct Purchase {
  int round = 0;                       // 1-based
  int rounds = 0;                      // rounds of the job in all
  int epoch = 0;                       // classifier epoch after which it is bought
  std::vector<std::int64_t> windows;   // target window ids, in pool order
  std::vector<double> probability;     // p(anomaly) of each, by the classifier that chose them
  std::vector<double> energy, margin;  // free energy and energy margin of each (NaN for random)
  std::string reason;                  // the rule that chose them, in words
};

struct LoopOptions {
  // false: the target's labels are unknown (a person's own log). Nothing reads them: no test
  // scores (P/R/F1 NaN), no anomalous count of the pool in the record (-1), and a test part
  // without a labelled anomaly is no reason to skip.
  bool truth_known = true;
};

class LogActionLoop {
 public:
  // Builds the networks (seeded by the caller, as the runner does with at::manual_seed) and the
  // sets; throws JobSkipped as run_logaction does. `in` must outlive the loop.
  LogActionLoop(const JobInputs& in, LogActionVariant variant, LoopOptions options = {});
  ~LogActionLoop();
  LogActionLoop(const LogActionLoop&) = delete;
  LogActionLoop& operator=(const LogActionLoop&) = delete;

  // Trains (pre-training first) up to the next purchase and returns it; nullopt once training
  // is over. Error when a purchase is still waiting for its answer.
  std::optional<Purchase> next();
  // The labels (0 = normal, 1 = anomalous) of the waiting purchase, in its order; the refit and
  // training continue at the next next(). Error for a wrong count or no waiting purchase.
  void answer(const std::vector<std::int8_t>& labels);
  // After next() returned nullopt: scores the test part and returns the job's result.
  MethodResult finish();

  // The windows of the purchase waiting for labels (empty when none), in its order.
  std::vector<std::int64_t> pending_windows() const;
  // The labels bought so far: target window id -> label, in purchase order.
  std::vector<std::pair<std::int64_t, std::int8_t>> bought_labels() const;

  // Whole state to a torch archive file (written beside and renamed into place) and back into
  // a loop built from the same inputs; InputError naming the file when it does not fit them.
  void save(const std::string& path) const;
  void load(const std::string& path);
  // The trained networks and what scoring needs (shape, max_len, batch size), for a detector.
  void save_networks(const std::string& path) const;

 private:
  class Trainer;
  std::unique_ptr<Trainer> t_;
};

// The networks of a finished loop, loaded for scoring windows of any prepared dataset whose
// embeddings have the width they were trained on (`logsweep detect`). The same scoring code as
// the job's test predictions (p(anomaly) = softmax(z)_1, flagged when > 0.5).
class LogActionScorer {
 public:
  // InputError naming the file for a missing, truncated or foreign file.
  explicit LogActionScorer(const std::string& networks_path);
  ~LogActionScorer();
  std::int64_t input_dim() const;
  // p(anomaly) of each window of d (by index), on the CPU.
  std::vector<double> probability(const PreparedDataset& d, const std::vector<std::int64_t>& windows) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace logsweep
