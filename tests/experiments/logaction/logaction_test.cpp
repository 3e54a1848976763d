#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "experiments/logaction/logaction_modules.hpp"
#include "core/util/errors.hpp"
#include "experiments/logaction/logaction.hpp"
#include "experiments/logaction/logaction_toy.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep {
namespace {

// The quick profile, with a smaller batch and more epochs: the toy systems have a few hundred
// windows, too few steps per epoch otherwise.
Params toy_params(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> text{
      {"batch_size", "32"}, {"epochs", "15"}, {"encoder_epochs", "10"}, {"round_epochs", "5,8"}};
  for (auto& [k, v] : extra) text[k] = v;
  std::map<std::string, RawParam> raw;
  for (auto& [k, v] : text) raw[k] = RawParam{v, {}};
  return Params::resolve(logaction_schema(), Profile::Quick, raw);
}

// Short runs for tests about bookkeeping rather than accuracy.
Params fast_params(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> fast{{"epochs", "3"}, {"encoder_epochs", "1"}, {"round_epochs", "1,2"}};
  for (auto& [k, v] : extra) fast[k] = v;
  return toy_params(fast);
}

using testing::toys;

MethodResult run(const std::string& method, double budget, std::uint64_t seed, Params params,
                 const PreparedDataset* source = nullptr, const PreparedDataset* target = nullptr,
                 bool vectors = false) {
  set_compute_threads(1);
  JobInputs in;
  in.source = source ? source : &toys().source;
  in.target = target ? target : &toys().target;
  in.budget = budget;
  in.seed = seed;
  in.params = std::move(params);
  in.keep_vectors = vectors;
  return find_method(method).run(in);
}

TEST(LogActionFamily, RegisteredWithOneSchema) {
  for (const char* name : {"LogAction", "LogAction_wt", "LogAction_wa", "LogAction_wu", "LogAction_we", "Supervised"})
    EXPECT_EQ(find_method(name).schema().component(), "LogAction") << name;
}

TEST(LogActionFamily, PaperDefaults) {
  auto p = Params::resolve(logaction_schema(), Profile::Paper);
  EXPECT_EQ(p.i("epochs"), 60);
  EXPECT_EQ(p.i("encoder_epochs"), 60);
  EXPECT_EQ(p.i("batch_size"), 512);
  EXPECT_DOUBLE_EQ(p.r("lr"), 1e-3);
  EXPECT_DOUBLE_EQ(p.r("weight_decay"), 5e-6);
  EXPECT_EQ(p.i("encoder_hidden"), 512);
  EXPECT_EQ(p.i("hidden"), 64);
  EXPECT_DOUBLE_EQ(p.r("beta"), 0.1);
  EXPECT_DOUBLE_EQ(p.r("first_ratio"), 0.1);
  EXPECT_DOUBLE_EQ(p.r("round_size"), 0.01);
  // Rounds every 10 epochs, 40 epochs after the last: the paper's 2 rounds at 10, 20 of 60.
  EXPECT_EQ(p.s("round_epochs"), "auto");
  EXPECT_EQ(p.i("round_every"), 10);
  EXPECT_EQ(p.i("epochs_after_last_round"), 40);
  EXPECT_DOUBLE_EQ(p.r("align_weight"), 0.01);
  EXPECT_TRUE(p.b("dedup"));
  EXPECT_EQ(p.i("max_len"), 20);
  auto q = Params::resolve(logaction_schema(), Profile::Quick);
  EXPECT_EQ(q.i("encoder_hidden"), 32);
  EXPECT_EQ(q.i("hidden"), 16);
  // The quick schedule is the paper's scaled by 1/5: rounds after epochs 2, 4; 8 epochs after.
  EXPECT_EQ(q.i("round_every"), 2);
  EXPECT_EQ(q.i("epochs_after_last_round"), 8);
  EXPECT_EQ(q.i("epochs"), 12);
}

TEST(LogActionFamily, BadRoundEpochsIsAConfigError) {
  auto p = fast_params();
  p.set("round_epochs", std::string("5,2"));
  EXPECT_THROW(run("LogAction", 0.02, 1, p), ConfigError);
}

TEST(LogActionFamily, SelectionRulePerVariant) {
  EXPECT_EQ(logaction_selection_rule(LogActionVariant::Full), SelectionRule::TwoStep);
  EXPECT_EQ(logaction_selection_rule(LogActionVariant::RandomSelection), SelectionRule::Random);
  EXPECT_EQ(logaction_selection_rule(LogActionVariant::EnergyOnly), SelectionRule::EnergyOnly);
  EXPECT_EQ(logaction_selection_rule(LogActionVariant::UncertaintyOnly), SelectionRule::UncertaintyOnly);
  EXPECT_EQ(logaction_selection_rule(LogActionVariant::NoTransfer), SelectionRule::UncertaintyOnly);
}

TEST(LogActionJob, BudgetBecomesRoundsOfBoughtPoolWindows) {
  const auto& T = toys().target.windows;
  const auto pool = T.indices(SplitRole::Train);
  ASSERT_EQ(pool.size(), 420u);
  // 2% of 420 = ceil(8.4) = 9 labels in rounds of ceil(4.2) = 5 and the remaining 4.
  auto r = run("LogAction", 0.02, 1, fast_params());
  ASSERT_EQ(r.selected.size(), 2u);
  EXPECT_EQ(r.selected[0].size(), 5u);
  EXPECT_EQ(r.selected[1].size(), 4u);
  std::set<std::int64_t> all;
  for (const auto& round : r.selected)
    for (auto w : round) {
      EXPECT_EQ(T.window_role[w], static_cast<std::int8_t>(SplitRole::Train));
      all.insert(w);
    }
  EXPECT_EQ(all.size(), 9u);  // a window is bought once
  EXPECT_EQ(r.n_labelled, 9);
  EXPECT_EQ(r.n_test, static_cast<std::int64_t>(T.indices(SplitRole::Test).size()));
  EXPECT_EQ(r.n_train, static_cast<std::int64_t>(toys().source.windows.indices(SplitRole::Train).size()) + 9);
  EXPECT_EQ(r.confusion.tp + r.confusion.fp + r.confusion.tn + r.confusion.fn, r.n_test);
  // 2.5% with 1% rounds: a last partial round.
  auto partial = run("LogAction_wa", 0.025, 1, fast_params());
  ASSERT_EQ(partial.selected.size(), 3u);
  EXPECT_EQ(partial.selected[2].size(), 2u);  // cumulative ceil(4.2), ceil(8.4), ceil(10.5) = 5, 9, 11
  auto none = run("LogAction", 0.0, 1, fast_params());
  EXPECT_TRUE(none.selected.empty());
  EXPECT_EQ(none.n_labelled, 0);
}

// The round record (report only): round 0 before the first purchase, one record per purchase with
// its counts read from the labels, the thresholds its rule applied, and the last round's test
// scores equal to the job's.
TEST(LogActionJob, RecordsEveryRoundWithCountsThresholdsAndScores) {
  const auto& T = toys().target.windows;
  const auto pool = T.indices(SplitRole::Train);
  std::int64_t pool_anomalous = 0;
  for (auto w : pool) pool_anomalous += T.window_label[w] != 0;
  auto r = run("LogAction", 0.02, 1, fast_params());  // rounds after epochs 1 and 2 of 3
  ASSERT_EQ(r.rounds.size(), 3u);
  EXPECT_EQ(r.rounds[0].epoch, 1);
  EXPECT_EQ(r.rounds[0].bought, 0);
  EXPECT_EQ(r.rounds[0].pool, 420);
  EXPECT_EQ(r.rounds[0].pool_anomalous, pool_anomalous);
  EXPECT_TRUE(std::isnan(r.rounds[0].energy_threshold));
  std::int64_t pool_left = 420, anomalous_left = pool_anomalous;
  for (std::size_t k = 1; k < r.rounds.size(); ++k) {
    const auto& round = r.rounds[k];
    const auto& bought = r.selected[k - 1];
    std::int64_t anomalous = 0;
    for (auto w : bought) anomalous += T.window_label[w] != 0;
    EXPECT_EQ(round.epoch, static_cast<int>(k));
    EXPECT_EQ(round.bought, static_cast<std::int64_t>(bought.size()));
    EXPECT_EQ(round.bought_anomalous, anomalous);
    EXPECT_EQ(round.pool, pool_left);  // the pool just before this purchase
    EXPECT_EQ(round.pool_anomalous, anomalous_left);
    EXPECT_FALSE(std::isnan(round.energy_threshold));
    EXPECT_GE(round.margin_threshold, 0.0);
    pool_left -= round.bought;
    anomalous_left -= anomalous;
  }
  EXPECT_EQ(r.rounds.back().f1, r.f1);
  EXPECT_EQ(r.rounds.back().precision, r.precision);
  EXPECT_EQ(r.rounds.back().recall, r.recall);
  for (const auto& round : r.rounds) {
    EXPECT_GE(round.f1, 0.0);
    EXPECT_LE(round.f1, 1.0);
  }
  // Random selection has no thresholds; budget 0 records the source-only classifier alone.
  auto random = run("LogAction_wa", 0.02, 1, fast_params());
  ASSERT_EQ(random.rounds.size(), 3u);
  EXPECT_TRUE(std::isnan(random.rounds[1].energy_threshold));
  EXPECT_TRUE(std::isnan(random.rounds[1].margin_threshold));
  auto none = run("LogAction", 0.0, 1, fast_params());
  ASSERT_EQ(none.rounds.size(), 1u);
  EXPECT_EQ(none.rounds[0].bought, 0);
  EXPECT_EQ(none.rounds[0].f1, none.f1);
  EXPECT_TRUE(run("Supervised", 0.0, 1, fast_params()).rounds.empty());
}

// The authors' energy reading (energy: outputs, E = the raw outputs) changes only what reads
// energies: the energy step and the alignment term. Without the alignment term the two runs are
// identical up to the first purchase and the energy step (wu) buys differently; with the margin
// step alone the readings
// give the same run (a two-class margin does not depend on the sign).
TEST(LogActionJob, EnergyReadingOutputsFlipsTheEnergyStepOnly) {
  auto eada = run("LogAction_wu", 0.02, 3, fast_params({{"align_weight", "0"}}));
  auto code = run("LogAction_wu", 0.02, 3, fast_params({{"align_weight", "0"}, {"energy", "outputs"}}));
  EXPECT_EQ(eada.rounds[0].f1, code.rounds[0].f1);  // identical until the first purchase
  EXPECT_NE(eada.selected, code.selected);
  auto we = run("LogAction_we", 0.02, 3, fast_params({{"align_weight", "0"}}));
  auto we_code = run("LogAction_we", 0.02, 3, fast_params({{"align_weight", "0"}, {"energy", "outputs"}}));
  EXPECT_EQ(we.selected, we_code.selected);
  EXPECT_EQ(we.f1, we_code.f1);
}

TEST(LogActionJob, SameSeedSameRunOtherSeedOtherRandomPicks) {
  auto a = run("LogAction", 0.02, 5, fast_params());
  auto b = run("LogAction", 0.02, 5, fast_params());
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_EQ(a.f1, b.f1);
  EXPECT_EQ(a.auc, b.auc);
  auto r1 = run("LogAction_wa", 0.02, 1, fast_params());
  auto r2 = run("LogAction_wa", 0.02, 2, fast_params());
  EXPECT_NE(r1.selected, r2.selected);
}

TEST(LogActionJob, EncoderCacheDoesNotChangeTheRun) {
  auto cached = run("LogAction", 0.02, 4, fast_params());
  auto p = fast_params();
  p.set("encoder_cache_mb", std::int64_t{0});
  auto recomputed = run("LogAction", 0.02, 4, p);
  EXPECT_EQ(cached.selected, recomputed.selected);
  EXPECT_NEAR(cached.auc, recomputed.auc, 1e-6);
  EXPECT_EQ(cached.f1, recomputed.f1);
}

// Two-word vocabularies and 4-event windows: most windows repeat.
struct DupToys {
  PreparedDataset source = testing::toy_dataset("dup_src", 7, 200, 0.15, 4, 16, 2);
  PreparedDataset target = testing::toy_dataset("dup_tgt", 8, 200, 0.15, 4, 16, 2);
};
const DupToys& dup_toys() {
  static const DupToys t;
  return t;
}

// De-duplication is an exact shortcut: the same batches (same windows, order and number of
// steps) with each batch's repeated windows computed once and weighted by their count. So at
// any batch size the runs with dedup on and off agree up to float summation order: losses,
// encoder (its log vectors), purchases and metrics; also with the optional contrastive term (a
// loss over pairs, expanded over the merged rows' counts). The networks have no dropout.
TEST(LogActionJob, DeduplicationGivesTheSameRunAtAnyBatchSize) {
  const auto& src = dup_toys().source;
  const auto& tgt = dup_toys().target;
  ASSERT_LT(src.windows.unique_sequences() * 4, src.windows.size());
  auto base = toy_params({{"batch_size", "24"}, {"epochs", "3"}, {"encoder_epochs", "2"}, {"round_epochs", "1,2"},
                          {"vector_samples", "40"}});
  auto contrastive = base;
  contrastive.set("contrastive_weight", 1.0);
  const std::vector<std::pair<const char*, Params>> cases{
      {"LogAction", base}, {"LogAction_wa", base}, {"LogAction_wt", base}, {"Supervised", base},
      {"LogAction", contrastive}};
  for (auto [method, p] : cases) {
    auto q = p;
    p.set("dedup", true);
    q.set("dedup", false);
    auto with = run(method, 0.05, 3, p, &src, &tgt, true);
    auto without = run(method, 0.05, 3, q, &src, &tgt, true);
    EXPECT_EQ(with.extra.at("encoder_steps"), without.extra.at("encoder_steps")) << method;
    EXPECT_EQ(with.extra.at("classifier_steps"), without.extra.at("classifier_steps")) << method;
    EXPECT_NEAR(with.extra.at("encoder_loss"), without.extra.at("encoder_loss"), 1e-4) << method;
    EXPECT_NEAR(with.extra.at("final_loss"), without.extra.at("final_loss"), 1e-4) << method;
    EXPECT_EQ(with.selected, without.selected) << method;
    EXPECT_EQ(with.confusion.tp, without.confusion.tp) << method;
    EXPECT_EQ(with.confusion.fp, without.confusion.fp) << method;
    EXPECT_EQ(with.confusion.fn, without.confusion.fn) << method;
    EXPECT_NEAR(with.f1, without.f1, 1e-9) << method;
    EXPECT_NEAR(with.auc, without.auc, 1e-4) << method;
    ASSERT_EQ(with.vectors.data.size(), without.vectors.data.size()) << method;
    double worst = 0;
    for (std::size_t i = 0; i < with.vectors.data.size(); ++i)
      worst = std::max(worst, static_cast<double>(std::abs(with.vectors.data[i] - without.vectors.data[i])));
    EXPECT_LT(worst, 1e-4) << method;
    std::printf("%s (contrastive %g): |d encoder loss| %.1e, |d final loss| %.1e, max |d log vector| %.1e\n", method,
                p.r("contrastive_weight"), std::abs(with.extra.at("encoder_loss") - without.extra.at("encoder_loss")),
                std::abs(with.extra.at("final_loss") - without.extra.at("final_loss")), worst);
  }
}

// The classifier step's batches (source, bought, pool with the EADA term) through one forward or
// one each (classify_parts; the trainer picks by the measured rule): the same job either way,
// up to float summation order, with the alignment term on and off.
TEST(LogActionJob, ClassifierPathsTogetherAndApartGiveTheSameRun) {
  for (double align : {0.01, 0.0}) {
    auto p = toy_params({{"epochs", "4"}, {"encoder_epochs", "2"}, {"round_epochs", "1,2"}});
    p.set("align_weight", align);
    set_classify_path(ClassifyPath::Together);
    auto together = run("LogAction", 0.05, 4, p);
    set_classify_path(ClassifyPath::Apart);
    auto apart = run("LogAction", 0.05, 4, p);
    set_classify_path(ClassifyPath::Auto);
    EXPECT_EQ(together.extra.at("classifier_steps"), apart.extra.at("classifier_steps")) << align;
    EXPECT_NEAR(together.extra.at("final_loss"), apart.extra.at("final_loss"), 1e-5) << align;
    EXPECT_NEAR(together.extra.at("delta"), apart.extra.at("delta"), 1e-5) << align;
    EXPECT_EQ(together.selected, apart.selected) << align;
    EXPECT_EQ(together.confusion.tp, apart.confusion.tp) << align;
    EXPECT_EQ(together.confusion.fp, apart.confusion.fp) << align;
    EXPECT_NEAR(together.auc, apart.auc, 1e-5) << align;
  }
}

// With dedup on, an epoch is still what a plain loader gives: ceil(windows / B) steps, not
// ceil(unique windows / B). Source Train = 140 of the 200 windows (chronological 70%), the
// encoder's set (no Pretrain part) too; target pool = 140. B = 32: ceil(140 / 32) = 5 steps per
// encoder epoch; a classifier epoch is max(source, pool) = 5 steps. 2 encoder epochs = 10
// steps, 3 classifier epochs (budget 0, no rounds) = 15. Over unique windows (fewer than 64
// here) it would be at most ceil(64 / 32) = 2 per epoch.
TEST(LogActionJob, OptimiserStepsPerEpochAreCeilWindowsOverBatchWithDedup) {
  const auto& src = dup_toys().source;
  const auto& tgt = dup_toys().target;
  ASSERT_EQ(src.windows.indices(SplitRole::Train).size(), 140u);
  ASSERT_EQ(tgt.windows.indices(SplitRole::Train).size(), 140u);
  ASSERT_LT(src.windows.unique_sequences(), 64u);
  ASSERT_LT(tgt.windows.unique_sequences(), 64u);
  auto p = toy_params({{"batch_size", "32"}, {"epochs", "3"}, {"encoder_epochs", "2"}});
  p.set("dedup", true);
  auto r = run("LogAction", 0.0, 1, p, &src, &tgt);
  EXPECT_EQ(r.extra.at("encoder_steps"), 10);
  EXPECT_EQ(r.extra.at("classifier_epochs"), 3);
  EXPECT_EQ(r.extra.at("classifier_steps"), 15);
}

// LogAction_wt as in the authors' code: no encoder, the classifier reads the raw embeddings, so
// its log vectors are the embeddings' mean (16 wide in the toy), and it has no encoder to train.
TEST(LogActionJob, NoTransferHasNoEncoder) {
  auto p = fast_params();
  p.set("vector_samples", std::int64_t{20});
  auto r = run("LogAction_wt", 0.02, 1, p, nullptr, nullptr, true);
  EXPECT_EQ(r.extra.at("encoder_steps"), 0);
  EXPECT_FALSE(r.extra.count("encoder_refit_loss"));
  EXPECT_EQ(r.vectors.cols, 16u);
  EXPECT_NE(r.vectors.cols, static_cast<std::size_t>(p.i("encoder_hidden")));
}

// The default (auto) schedule end to end: round_every 1 and 2 epochs after the last round, 3
// rounds of 1% (budget 3%) -> rounds after epochs 1, 2, 3 and 3 + 2 = 5 epochs; budget 0 trains
// `epochs` (3).
TEST(LogActionJob, PeriodicScheduleSetsRoundsAndEpochs) {
  auto p = fast_params();
  p.set("round_epochs", std::string("auto"));
  p.set("round_every", std::int64_t{1});
  p.set("epochs_after_last_round", std::int64_t{2});
  auto r = run("LogAction_wa", 0.03, 1, p);
  EXPECT_EQ(r.selected.size(), 3u);
  EXPECT_EQ(r.extra.at("classifier_epochs"), 5);
  auto none = run("LogAction_wa", 0.0, 1, p);
  EXPECT_EQ(none.extra.at("classifier_epochs"), 3);
}

// The scheduler hands out the longest jobs first; in the demo LogAction took ~22 s a job, against
// LogTAD ~5 s, LogTransfer ~3 s and DeepLog ~0.3 s (quick profile, 4,000-line systems).
TEST(LogActionJob, ExpectedCostRanksItAboveTheQuickBaselines) {
  auto cost = [](const std::string& method) {
    JobInputs in;
    in.source = &toys().source;
    in.target = &toys().target;
    in.budget = 0.02;
    in.params = Params::resolve(find_method(method).schema(), Profile::Quick);
    return find_method(method).expected_cost(in);
  };
  EXPECT_GT(cost("LogAction"), cost("Supervised"));
  EXPECT_GT(cost("Supervised"), cost("LogTransfer"));
  for (const char* cheap : {"LogTransfer", "LogTAD", "DeepLog"}) EXPECT_GT(cost("LogAction"), cost(cheap)) << cheap;
}

TEST(LogActionJob, ContrastiveTermIsWiredIn) {
  auto p = fast_params();
  p.set("contrastive_weight", 1.0);
  auto with = run("LogAction", 0.0, 4, p);
  auto without = run("LogAction", 0.0, 4, fast_params());
  EXPECT_NE(with.extra.at("encoder_loss"), without.extra.at("encoder_loss"));
}

TEST(LogActionJob, ValidationHoldsOutLabelledWindowsAndPicksAnEpochAfterTheRounds) {
  auto p = fast_params();
  p.set("val_ratio", 0.2);
  p.set("epochs", std::int64_t{5});
  auto r = run("LogAction", 0.02, 1, p);
  // Source Train 280 windows: every 5th (56) held out; bought 9: 1 held out.
  EXPECT_EQ(r.n_train, 280 - 56 + 9 - 1);
  EXPECT_EQ(r.n_labelled, 9);
  ASSERT_TRUE(r.extra.count("best_epoch"));
  EXPECT_GE(r.extra.at("best_epoch"), 3);  // rounds after epochs 1 and 2
  EXPECT_LE(r.extra.at("best_epoch"), 5);
  auto fixed = run("LogAction", 0.02, 1, fast_params());
  EXPECT_FALSE(fixed.extra.count("best_epoch"));
}

TEST(LogActionJob, SkipsJobsThatCannotRun) {
  auto quiet_target = testing::toy_dataset("tgt0", 2, 300, 0.0);
  EXPECT_THROW(run("LogAction", 0.02, 1, fast_params(), nullptr, &quiet_target), JobSkipped);
  auto quiet_source = testing::toy_dataset("src0", 1, 300, 0.0);
  EXPECT_THROW(run("LogAction", 0.02, 1, fast_params(), &quiet_source), JobSkipped);
  EXPECT_THROW(run("LogAction_wt", 0.0, 1, fast_params()), JobSkipped);
  // wt never looks at the source, so a source without anomalies is fine.
  auto wt = run("LogAction_wt", 0.02, 1, fast_params(), &quiet_source);
  EXPECT_EQ(wt.n_labelled, 9);
}

TEST(LogActionJob, KeepsLogVectorsOfBothSystems) {
  auto p = fast_params();
  p.set("vector_samples", std::int64_t{50});
  auto r = run("LogAction", 0.0, 1, p, nullptr, nullptr, true);
  ASSERT_EQ(r.vectors.rows, 100u);  // 50 target + 50 source test windows
  EXPECT_EQ(r.vectors.cols, static_cast<std::size_t>(p.i("encoder_hidden")));
  EXPECT_EQ(r.vector_labels.size(), 100u);
  EXPECT_EQ(std::count(r.vector_system.begin(), r.vector_system.end(), 1), 50);
  EXPECT_EQ(std::count(r.vector_system.begin(), r.vector_system.end(), 0), 50);
}

// The claim of the paper in miniature: with 2% of the target labels, bought by LogAction's
// selection, the detector beats both the source-only detector (0%) and random purchases of
// the same size, on average over six seeds of a drifted target (half of its anomalies use
// target-only events that only bought labels can teach). Deterministic: the numbers repeat
// exactly (mean F1 0% 0.742, 2% 0.820, random 2% 0.683; per-window batches since the exact
// de-duplication, before: 0.732 / 0.820 / 0.699). Per seed the order is not always
// kept (seed 5: 2% 0.571 < 0% 0.611; seeds 3 and 5: random beats informed): the claim is about
// the average, as in the paper's tables. (Seeds 1-3 of the 600-window target alone, the first
// version of this test, gave 0.683 / 0.745 / 0.636 with seed 3 reversed.)
TEST(LogActionIntegration, InformedSelectionBeatsNoLabelsAndRandomLabelsOverSixSeeds) {
  auto target = testing::drifted_toy("tgt", 2, 1000, 0.1, 0.5);
  const int n = 6;
  double zero = 0, active = 0, random = 0;
  for (int seed = 1; seed <= n; ++seed) {
    const double f0 = run("LogAction", 0.0, seed, toy_params(), nullptr, &target).f1;
    const double fa = run("LogAction", 0.02, seed, toy_params(), nullptr, &target).f1;
    const double fr = run("LogAction_wa", 0.02, seed, toy_params(), nullptr, &target).f1;
    std::printf("seed %d: F1 0%% %.3f, 2%% %.3f, wa %.3f\n", seed, f0, fa, fr);
    zero += f0 / n;
    active += fa / n;
    random += fr / n;
  }
  std::printf("mean F1: 0%% %.3f, 2%% %.3f, wa 2%% %.3f\n", zero, active, random);
  EXPECT_GT(active, zero);
  EXPECT_GT(active, random);
}

TEST(LogActionIntegration, SupervisedCeiling) {
  auto r = run("Supervised", 0.0, 1, toy_params());
  std::printf("Supervised F1 %.3f (P %.3f R %.3f)\n", r.f1, r.precision, r.recall);
  EXPECT_GE(r.f1, 0.9);
  EXPECT_EQ(r.n_labelled, 420);
  EXPECT_TRUE(r.selected.empty());
}

TEST(LogActionIntegration, DISABLED_AllVariantsTable) {
  for (const char* m : {"LogAction", "LogAction_wa", "LogAction_wu", "LogAction_we", "LogAction_wt"})
    for (double b : {0.02, 0.05}) {
      double mean = 0;
      for (std::uint64_t seed : {1, 2, 3}) mean += run(m, b, seed, toy_params()).f1 / 3;
      std::printf("%-13s budget %.2f mean F1 %.3f\n", m, b, mean);
    }
}

}  // namespace
}  // namespace logsweep
