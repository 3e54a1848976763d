#pragma once
// The job plumbing the five baselines (one file each, registered there) share: which windows train,
// which target labels are bought, scoring the target test split once at the end; and their one
// run() skeleton, Baseline<Params, Model>, each method supplying only its phases.
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
#include <map>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "core/models/batch.hpp"
#include "core/models/common_train.hpp"
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
TestScores predict_windows(const WindowBatcher& batcher, const std::vector<std::int64_t>& windows, std::int64_t chunk,
                           const BatchPredictor& predict);

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

// What a baseline's phases share about one job: its inputs, its split and a batcher per system.
struct JobContext {
  JobContext(const JobInputs& inputs, const JobData& data)
      : in(inputs), job(data), src(*inputs.source, 0, inputs.device), tgt(*inputs.target, 0, inputs.device) {}
  const JobInputs& in;
  const JobData& job;
  WindowBatcher src, tgt;
};

// The part of a baseline's model the skeleton reads: its phases fill these.
struct Trained {
  std::int64_t n_train = 0;             // training windows seen (MethodResult::n_train)
  std::int64_t n_labelled = -1;         // target labels used; -1 = the bought sample
  std::map<std::string, double> extra;  // MethodResult::extra (losses, chosen epoch...)
};

}  // namespace baseline

// One run() for every baseline. `P` is the method's typed parameter struct with a static
// `fields()` (its TypedSchema, core/util/params.hpp; the component name is the method name);
// `Model` derives from baseline::Trained and holds the networks and what training chose. A job:
//   split_job -> bind P -> seed_job -> build -> train -> threshold -> (train time) -> predict
//   -> finish (embedder for log vectors) -> (eval time), then Model's n_train/n_labelled/extra.
// Each phase consumes the job's generator in that order, so a method's results are those of a
// hand-written run() doing the same steps.
template <class P, class Model>
class Baseline : public Method {
  static_assert(std::is_base_of_v<baseline::Trained, Model>, "a baseline's model derives from baseline::Trained");

 public:
  // A malformed parameter declaration is an InternalError when the registry builds the method.
  Baseline() { (void)P::fields(); }
  std::string name() const final { return P::fields().schema().component(); }
  const ParamSchema& schema() const final { return P::fields().schema(); }
  double expected_cost(const JobInputs& in) const final { return cost(in, P::fields().bind(in.params)); }

  MethodResult run(const JobInputs& in) const final {
    baseline::Stopwatch clock;
    const baseline::JobData job = baseline::split_job(in);
    const P p = P::fields().bind(in.params);
    auto rng = seed_job(in.seed);
    const baseline::JobContext c(in, job);
    Model m = build(c, p);
    train(m, c, p, rng);
    threshold(m, c, p);
    const double train_s = clock.lap();
    const baseline::TestScores scores = predict(m, c, p);
    MethodResult r = baseline::finish(in, job, scores, m.n_train, c.src, c.tgt, embedder(m));
    if (m.n_labelled >= 0) r.n_labelled = m.n_labelled;
    r.train_seconds = train_s;
    r.eval_seconds = clock.lap();
    for (const auto& [k, v] : m.extra) r.extra[k] = v;
    return r;
  }

 protected:
  // The networks of a job (model construction: nothing is trained yet).
  virtual Model build(const baseline::JobContext& c, const P& p) const = 0;
  // Chooses the training data, makes the batches and trains; fills m.n_train and m.extra.
  virtual void train(Model& m, const baseline::JobContext& c, const P& p, std::mt19937_64& rng) const = 0;
  // Chooses a decision threshold from labelled training-side data only (default: the model's
  // own rule, nothing to choose).
  virtual void threshold(Model& /*m*/, const baseline::JobContext& /*c*/, const P& /*p*/) const {}
  // Verdicts and scores of the target test windows.
  virtual baseline::TestScores predict(Model& m, const baseline::JobContext& c, const P& p) const = 0;
  // The log vector of a batch for MethodResult::vectors (nullptr: the method has none).
  virtual baseline::BatchEmbedder embedder(Model& /*m*/) const { return nullptr; }
  // Method::expected_cost on the bound parameters.
  virtual double cost(const JobInputs& in, const P& p) const = 0;
};

}  // namespace logsweep
