#pragma once
// The job plumbing the five baselines (one file each, registered there) share: which windows train,
// which target labels are bought, scoring the target test split once at the end.
//
// Label protocol shared by the baselines (unless a method says otherwise):
//  - source labelled data = source windows with role Train or Pretrain;
//  - target pool = target Train windows; labels_for_budget(budget, |pool|) = min(T, ceil(b * T))
//    of them (the rule of every method, LogAction's rounds included), a seeded random sample,
//    have their labels bought (JobData::target_labelled);
//  - target Test labels are read only by finish(), to score the final predictions.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "core/models/batch.hpp"
#include "experiments/method.hpp"

namespace logsweep {

namespace baseline {

struct JobData {
  const PreparedDataset* source = nullptr;
  const PreparedDataset* target = nullptr;
  std::vector<std::int64_t> source_train;     // Train + Pretrain, index order
  std::vector<std::int64_t> target_pool;      // Train
  std::vector<std::int64_t> target_labelled;  // the bought sample of the pool
  std::vector<std::int64_t> target_test;      // Test
};

// Splits a job; throws JobSkipped when the target test split has no anomaly (or is empty) and
// InputError when the two datasets' embeddings have different widths. The label sample uses
// its own generator derived from the seed, so it does not depend on how a method consumes rng.
JobData split_job(const JobInputs& in);

// Per-window predictions on the target test split.
struct TestScores {
  std::vector<std::int8_t> predicted;
  std::vector<double> score;  // higher = more anomalous; empty = no score (no AUC)
};

// Runs `predict` over the unique sequences of `windows` (chunks of `chunk`) and spreads the
// per-sequence outputs back to the windows. `predict` gets a batch (labels are dummies) and
// returns {anomaly score [B] double, predicted anomalous [B] bool}.
using BatchPredictor = std::function<std::pair<torch::Tensor, torch::Tensor>(const Batch&)>;
TestScores predict_windows(const WindowBatcher& batcher, const std::vector<std::int64_t>& windows,
                           std::int64_t chunk, const BatchPredictor& predict);

// Representation of a batch for MethodResult::vectors ([B, K] float).
using BatchEmbedder = std::function<torch::Tensor(const Batch&)>;

// Times the phases of a job.
class Stopwatch {
 public:
  double lap();  // seconds since construction or the previous lap

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Scores the test predictions, fills counts and (when in.keep_vectors) up to `max_vectors`
// source-train and target-test vectors from `embed`.
MethodResult finish(const JobInputs& in, const JobData& job, const TestScores& scores, std::int64_t n_train,
                    const WindowBatcher& source_batcher, const WindowBatcher& target_batcher,
                    const BatchEmbedder& embed, std::int64_t max_vectors = 1000);

// Source + target window count (0 when a dataset is missing): the windows of width_cost().
double job_windows(const JobInputs& in);

// Window labels of `windows` in `data` (training-side labels only: never pass test windows).
std::vector<std::int8_t> labels_of(const PreparedDataset& data, const std::vector<std::int64_t>& windows);

}  // namespace baseline
}  // namespace logsweep
