// The loop behind a batch job and a labelling session (experiments/logaction/logaction_loop.hpp):
// answered from the labels it is the batch job, and saving and loading it between purchases
// (a session resumed in another process) changes nothing it computes.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <ATen/Context.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "core/models/compute_threads.hpp"
#include "core/util/errors.hpp"
#include "experiments/logaction/logaction_loop.hpp"
#include "experiments/logaction/logaction_toy.hpp"
#include "support/test_support.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
// A named namespace: in the unity build the other LogAction tests' helpers share this unit.
namespace loop_test {

Params loop_params(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> text{{"batch_size", "32"}, {"epochs", "4"}, {"encoder_epochs", "1"},
                                          {"round_epochs", "1,2"}};
  for (auto& [k, v] : extra) text[k] = v;
  std::map<std::string, RawParam> raw;
  for (auto& [k, v] : text) raw[k] = RawParam{v, {}};
  return Params::resolve(logaction_schema(), Profile::Quick, raw);
}

using testing::toys;

JobInputs inputs(double budget, std::uint64_t seed, Params params) {
  set_compute_threads(1);
  JobInputs in;
  in.source = &toys().source;
  in.target = &toys().target;
  in.budget = budget;
  in.seed = seed;
  in.params = std::move(params);
  at::manual_seed(seed);  // as every job run does (cluster/execute.cpp job_inputs)
  return in;
}

std::vector<std::int8_t> truth_of(const std::vector<std::int64_t>& windows) {
  std::vector<std::int8_t> out;
  for (auto w : windows) out.push_back(toys().target.windows.window_label[w] != 0 ? 1 : 0);
  return out;
}

void expect_same_job(const MethodResult& a, const MethodResult& b) {
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_EQ(a.f1, b.f1);
  EXPECT_EQ(a.precision, b.precision);
  EXPECT_EQ(a.recall, b.recall);
  ASSERT_EQ(a.rounds.size(), b.rounds.size());
  for (std::size_t r = 0; r < a.rounds.size(); ++r) {
    EXPECT_EQ(a.rounds[r].bought_anomalous, b.rounds[r].bought_anomalous) << "round " << r;
    EXPECT_EQ(a.rounds[r].f1, b.rounds[r].f1) << "round " << r;
  }
  EXPECT_EQ(a.extra.at("classifier_steps"), b.extra.at("classifier_steps"));
  EXPECT_EQ(a.extra.at("delta"), b.extra.at("delta"));
}

// Every purchase: save, throw the loop away, build a new one from the same inputs, load, answer.
MethodResult run_resumed(LogActionVariant v, const JobInputs& in, const std::string& state) {
  std::optional<Purchase> p;
  {
    LogActionLoop first(in, v);
    p = first.next();
    first.save(state);
  }
  while (true) {
    at::manual_seed(12345);  // a later process: torch's stream is whatever it is, the state restores it
    LogActionLoop loop(in, v);
    loop.load(state);
    if (!p) return loop.finish();
    EXPECT_EQ(loop.pending_windows(), p->windows);
    loop.answer(truth_of(p->windows));
    p = loop.next();
    loop.save(state);
  }
}

TEST(LogActionLoop, AnsweredFromTheLabelsItIsTheBatchJob) {
  const auto in = inputs(0.02, 3, loop_params());
  const auto batch = run_logaction(in, LogActionVariant::Full);
  const auto in2 = inputs(0.02, 3, loop_params());
  LogActionLoop loop(in2, LogActionVariant::Full);
  int purchases = 0;
  while (auto p = loop.next()) {
    ++purchases;
    EXPECT_EQ(p->round, purchases);
    EXPECT_EQ(p->rounds, 2);
    ASSERT_EQ(p->probability.size(), p->windows.size());
    for (double q : p->probability) EXPECT_TRUE(q >= 0 && q <= 1);
    loop.answer(truth_of(p->windows));
  }
  EXPECT_EQ(purchases, 2);
  expect_same_job(loop.finish(), batch);
}

TEST(LogActionLoop, SavedAndLoadedAtEveryPurchaseItComputesWhatOneProcessComputes) {
  const testing::TempDir tmp;
  const auto dir = tmp.path();
  for (auto v : {LogActionVariant::Full, LogActionVariant::RandomSelection, LogActionVariant::NoTransfer}) {
    SCOPED_TRACE(logaction_variant_name(v));
    // val_ratio: the kept best classifier and its validation on answered labels are state too.
    for (const auto& extra : {std::map<std::string, std::string>{}, {{"val_ratio", "0.2"}}}) {
      const auto in = inputs(0.02, 5, loop_params(extra));
      const auto batch = run_logaction(in, v);
      const auto in2 = inputs(0.02, 5, loop_params(extra));
      expect_same_job(run_resumed(v, in2, dir + "/state.pt"), batch);
    }
  }
}

TEST(LogActionLoop, AStateOfAnotherJobIsRefusedNamingTheFile) {
  const testing::TempDir tmp;
  const auto dir = tmp.path();
  const auto in = inputs(0.02, 1, loop_params());
  LogActionLoop a(in, LogActionVariant::Full);
  a.next();
  a.save(dir + "/a.pt");
  const auto other = inputs(0.02, 2, loop_params());  // another seed
  LogActionLoop b(other, LogActionVariant::Full);
  try {
    b.load(dir + "/a.pt");
    FAIL() << "loaded another job's state";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/a.pt"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("another job"), std::string::npos) << e.what();
  }
  std::FILE* f = std::fopen((dir + "/junk.pt").c_str(), "w");
  std::fputs("not an archive", f);
  std::fclose(f);
  EXPECT_THROW(b.load(dir + "/junk.pt"), InputError);
}

TEST(LogActionLoop, AnswersOfTheWrongCountOrWithoutAPurchaseAreRefused) {
  const auto in = inputs(0.02, 1, loop_params());
  LogActionLoop loop(in, LogActionVariant::Full);
  EXPECT_THROW(loop.answer({1}), Error);  // nothing bought yet
  auto p = loop.next();
  ASSERT_TRUE(p);
  EXPECT_THROW(loop.next(), Error);  // the purchase waits for its labels
  EXPECT_THROW(loop.answer({1}), Error);
}

// The networks a finished loop writes score windows as the job's test predictions do.
TEST(LogActionScorer, ScoresTheTestPartAsTheJobDid) {
  const testing::TempDir tmp;
  const auto dir = tmp.path();
  const auto in = inputs(0.02, 4, loop_params());
  LogActionLoop loop(in, LogActionVariant::Full);
  while (auto p = loop.next()) loop.answer(truth_of(p->windows));
  const auto r = loop.finish();
  loop.save_networks(dir + "/networks.pt");
  LogActionScorer scorer(dir + "/networks.pt");
  EXPECT_EQ(scorer.input_dim(), toys().target.embeddings.cols);
  const auto test = toys().target.windows.indices(SplitRole::Test);
  const auto p = scorer.probability(toys().target, test);
  std::vector<std::int8_t> predicted;
  for (double q : p) predicted.push_back(q > 0.5 ? 1 : 0);
  const auto c = confusion(truth_of(test), predicted);
  EXPECT_EQ(c.f1(), r.f1);
  EXPECT_THROW(LogActionScorer(dir + "/missing.pt"), InputError);
}

}  // namespace loop_test
}  // namespace logsweep
