// End-to-end runs of every registered method on the toy datasets (quick profile, budget 0.05),
// and the baselines' shared job plumbing. The method lists come from the registry: a new method
// gets these tests by registering itself.
#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "experiments/baselines.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

const PreparedDataset& toy_source() {
  static const PreparedDataset d = testing::toy_dataset("toyA", 1);
  return d;
}
const PreparedDataset& toy_target() {
  static const PreparedDataset d = testing::toy_dataset("toyB", 2);
  return d;
}

JobInputs quick_job(const Method& m, std::uint64_t seed = 7) {
  JobInputs in;
  in.source = &toy_source();
  in.target = &toy_target();
  in.budget = 0.05;
  in.seed = seed;
  in.params = Params::resolve(m.schema(), Profile::Quick);
  return in;
}

void expect_sane(const MethodResult& r, const JobInputs& in) {
  const auto test = in.target->windows.indices(SplitRole::Test);
  EXPECT_EQ(r.n_test, static_cast<std::int64_t>(test.size()));
  EXPECT_GT(r.n_test, 0);
  EXPECT_GT(r.n_train, 0);
  for (double v : {r.precision, r.recall, r.f1}) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
  EXPECT_TRUE(r.auc == -1 || (r.auc >= 0 && r.auc <= 1)) << r.auc;
  const auto& c = r.confusion;
  EXPECT_EQ(c.tp + c.fp + c.tn + c.fn, r.n_test);
  EXPECT_EQ(c.tp + c.fn, static_cast<std::int64_t>(in.target->windows.indices(SplitRole::Test, 1).size()));
}

class MethodEndToEnd : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { set_compute_threads(1); }
};

std::string param_name(const ::testing::TestParamInfo<std::string>& p) { return p.param; }

// A result's extra figures without the wall-clock ones ("*_seconds"), which no rerun repeats.
std::map<std::string, double> without_timings(std::map<std::string, double> extra) {
  for (auto it = extra.begin(); it != extra.end();)
    it = it->first.size() > 8 && it->first.compare(it->first.size() - 8, 8, "_seconds") == 0 ? extra.erase(it)
                                                                                               : std::next(it);
  return extra;
}

TEST_P(MethodEndToEnd, RunsOnToyPairWithSaneDeterministicMetrics) {
  const Method& m = find_method(GetParam());
  auto in = quick_job(m);
  auto a = m.run(in);
  auto b = m.run(in);
  expect_sane(a, in);
  EXPECT_EQ(a.confusion.tp, b.confusion.tp);
  EXPECT_EQ(a.confusion.fp, b.confusion.fp);
  EXPECT_EQ(a.confusion.fn, b.confusion.fn);
  EXPECT_DOUBLE_EQ(a.f1, b.f1);
  EXPECT_TRUE(a.auc == b.auc || (std::isnan(a.auc) && std::isnan(b.auc)));
  EXPECT_EQ(without_timings(a.extra), without_timings(b.extra));
  std::printf("[method] %s toyA->toyB quick budget 0.05 seed 7: P=%.3f R=%.3f F1=%.3f AUC=%.3f n_labelled=%lld\n",
              m.name().c_str(), a.precision, a.recall, a.f1, a.auc, static_cast<long long>(a.n_labelled));
}

TEST_P(MethodEndToEnd, HasValidQuickAndPaperProfilesAndACost) {
  const Method& m = find_method(GetParam());
  EXPECT_NO_THROW(Params::resolve(m.schema(), Profile::Paper));
  EXPECT_NO_THROW(Params::resolve(m.schema(), Profile::Quick));
  EXPECT_GT(m.expected_cost(quick_job(m)), 0.0);
}

TEST_P(MethodEndToEnd, SkipsJobWhenTargetTestHasNoAnomaly) {
  static const PreparedDataset clean = testing::toy_dataset("clean", 3, 200, 0.0);
  const Method& m = find_method(GetParam());
  JobInputs in = quick_job(m);
  in.target = &clean;
  EXPECT_THROW(m.run(in), JobSkipped);
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, MethodEndToEnd, ::testing::ValuesIn(method_names()), param_name);

TEST(Baselines, SplitJobBuysRoundedSeededSampleOfThePool) {
  JobInputs in;
  in.source = &toy_source();
  in.target = &toy_target();
  in.budget = 0.05;
  in.seed = 7;
  auto a = baseline::split_job(in);
  auto b = baseline::split_job(in);
  in.seed = 8;
  auto c = baseline::split_job(in);
  const auto pool = toy_target().windows.indices(SplitRole::Train);
  EXPECT_EQ(a.target_pool, pool);
  EXPECT_EQ(a.target_labelled.size(), static_cast<std::size_t>(std::llround(0.05 * pool.size())));
  EXPECT_EQ(a.target_labelled, b.target_labelled);
  EXPECT_NE(a.target_labelled, c.target_labelled);
  for (auto w : a.target_labelled) EXPECT_TRUE(std::binary_search(pool.begin(), pool.end(), w));
  EXPECT_EQ(a.target_test, toy_target().windows.indices(SplitRole::Test));
}

TEST(Baselines, KeepVectorsReturnsSourceAndTargetRows) {
  const Method& m = find_method("LogTransfer");
  auto in = quick_job(m);
  in.keep_vectors = true;
  auto r = m.run(in);
  ASSERT_GT(r.vectors.rows, 0u);
  EXPECT_EQ(r.vectors.rows, r.vector_labels.size());
  EXPECT_EQ(r.vectors.rows, r.vector_system.size());
  EXPECT_EQ(r.vectors.cols, 16u);  // quick hidden size
  EXPECT_EQ(std::count(r.vector_system.begin(), r.vector_system.end(), 1), r.n_test);
}

TEST(Baselines, DeepLogTrainsOnNormalPoolWindowsAndCountsAllPoolLabelsAsUsed) {
  // Default train_on=normal (the papers): every normal Train window trains, and finding them read
  // every Train window's label, so n_labelled = |pool| whatever the budget. train_on=pool reads none.
  const Method& m = find_method("DeepLog");
  const auto& tw = toy_target().windows;
  const auto pool = static_cast<std::int64_t>(tw.indices(SplitRole::Train).size());
  auto r = m.run(quick_job(m));
  EXPECT_EQ(r.n_labelled, pool);
  EXPECT_EQ(r.n_train, static_cast<std::int64_t>(tw.indices(SplitRole::Train, 0).size()));
  auto in = quick_job(m);
  in.params = Params::resolve(m.schema(), Profile::Quick, {{"train_on", RawParam{"pool", {}}}});
  auto u = m.run(in);
  EXPECT_EQ(u.n_labelled, 0);
  EXPECT_EQ(u.n_train, pool);
}

TEST(Baselines, MetaLogReportsItsStepsAndTheCodesDecayedLearningRate) {
  // Quick profile: 10 epochs, 4 uniform parts with 2 per epoch, batch 32: an epoch visits half of
  // the source windows, ceil(visited / 32) steps; fewer than 1000 steps keep γ = 1e-2.
  const Method& m = find_method("MetaLog");
  const auto& sw = toy_source().windows;
  const auto n = static_cast<std::int64_t>(sw.indices(SplitRole::Train).size() + sw.indices(SplitRole::Pretrain).size());
  auto r = m.run(quick_job(m));
  // Parts are slices [k·n/4, (k+1)·n/4) of a permutation; two of them hold between
  // 2·floor(n/4) and 2·ceil(n/4) windows.
  const double lo = 10.0 * std::ceil(2.0 * std::floor(n / 4.0) / 32.0);
  const double hi = 10.0 * std::ceil(2.0 * std::ceil(n / 4.0) / 32.0);
  EXPECT_GE(r.extra.at("steps"), lo);
  EXPECT_LE(r.extra.at("steps"), hi);
  EXPECT_DOUBLE_EQ(r.extra.at("final_lr"), 1e-2);
}

TEST(Baselines, MetaLogLogTransferDeepLogPaperProfilesRunWithSmallShapes) {
  // Paper defaults (second-order MetaLog with the code's Adam and 10/5 parts, LogTransfer's LSTM
  // fine-tuning, DeepLog on normal windows with h = 10 and pad_end) with only the sizes shrunk.
  set_compute_threads(1);
  const std::map<std::string, std::map<std::string, RawParam>> small{
      {"MetaLog", {{"hidden", {"4", {}}}, {"layers", {"1", {}}}, {"epochs", {"1", {}}}}},
      {"LogTransfer",
       {{"hidden", {"4", {}}}, {"layers", {"1", {}}}, {"fc_hidden", {"4", {}}}, {"source_epochs", {"1", {}}},
        {"target_epochs", {"1", {}}}}},
      {"DeepLog", {{"hidden", {"4", {}}}, {"layers", {"1", {}}}, {"epochs", {"1", {}}}}}};
  for (const auto& [name, overrides] : small) {
    const Method& m = find_method(name);
    auto in = quick_job(m);
    in.params = Params::resolve(m.schema(), Profile::Paper, overrides);
    auto r = m.run(in);
    expect_sane(r, in);
  }
}

}  // namespace
}  // namespace logsweep
