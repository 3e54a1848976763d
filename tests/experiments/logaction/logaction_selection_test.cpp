#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <set>

#include "experiments/logaction/logaction_selection.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

TEST(FreeEnergy, HandValues) {
  set_compute_threads(1);
  // beta 1, logits (0, 0): -log 2.  logits (1, 3): -(3 + log(1 + e^-2)).
  auto f = free_energy(torch::tensor({0.f, 0.f, 1.f, 3.f}).view({2, 2}), 1.0);
  EXPECT_NEAR(f[0].item<float>(), -std::log(2.0), 1e-6);
  EXPECT_NEAR(f[1].item<float>(), -(3.0 + std::log(1.0 + std::exp(-2.0))), 1e-5);
  // beta 0.1 is a soft minimum of the energies E = -z: (2, 0) -> about -2.
  auto g = free_energy(torch::tensor({2.f, 0.f}).view({1, 2}), 0.1);
  EXPECT_NEAR(g[0].item<float>(), -2.0, 1e-5);
}

TEST(EadaAlignment, RunningDeltaAndHingeLossByHand) {
  set_compute_threads(1);
  EadaAlignment a;
  // beta 1. Source logits (0, 0) and (ln 3, ln 3): F = -ln 2 and -(ln 3 + ln 2) = -ln 6;
  // weights 1 and 3: mean F = (-ln 2 - 3 ln 6) / 4. The first step sets delta to it.
  const auto src = torch::tensor({0.f, 0.f, float(std::log(3.0)), float(std::log(3.0))}).view({2, 2});
  a.observe_source(src, torch::tensor({1.f, 3.f}), 1.0, 0.9);
  const double d0 = (-std::log(2.0) - 3 * std::log(6.0)) / 4;
  EXPECT_NEAR(a.delta(), d0, 1e-6);
  // Then delta <- lambda * delta + (1 - lambda) * mean F: with lambda 0.25 and mean F = -ln 2.
  a.observe_source(torch::zeros({1, 2}), torch::ones({1}), 1.0, 0.25);
  const double d1 = 0.25 * d0 + 0.75 * -std::log(2.0);
  EXPECT_NEAR(a.delta(), d1, 1e-6);
  // Target logits (0, 0): F = -ln 2 > d1 (hinge active); (5, 5): F = -(5 + ln 2) < d1 (zero).
  // Weights 2 and 1: loss = 2 * (-ln 2 - d1) / 3.
  const auto tgt = torch::tensor({0.f, 0.f, 5.f, 5.f}).view({2, 2});
  EXPECT_NEAR(a.loss(tgt, torch::tensor({2.f, 1.f}), 1.0).item<double>(), 2 * (-std::log(2.0) - d1) / 3, 1e-6);
  // The loss has a gradient towards the target logits, delta none (source logits detached).
  auto t = tgt.clone().requires_grad_(true);
  a.loss(t, torch::tensor({2.f, 1.f}), 1.0).backward();
  EXPECT_GT(t.grad().abs().sum().item<float>(), 0.f);
}

TEST(EnergyMargin, GapBetweenTwoLowestEnergies) {
  auto m = energy_margin(torch::tensor({2.f, 0.f, 0.5f, 1.5f, -1.f, -1.f}).view({3, 2}));
  EXPECT_FLOAT_EQ(m[0].item<float>(), 2.f);
  EXPECT_FLOAT_EQ(m[1].item<float>(), 1.f);
  EXPECT_FLOAT_EQ(m[2].item<float>(), 0.f);
}

// Pool of 6: energies and margins chosen so every rule picks a different pair.
const std::vector<double> kEnergy{5, 1, 4, 3, 2, 6};
const std::vector<double> kMargin{0.9, 0.1, 0.5, 0.2, 0.05, 0.8};

TEST(SelectRound, TwoStepKeepsHighEnergyThenSmallMargin) {
  std::mt19937_64 rng(1);
  // Step 1 keeps {5, 0, 2} (energies 6, 5, 4); step 2 keeps margins 0.5 (2) and 0.8 (5).
  EXPECT_EQ(select_round(SelectionRule::TwoStep, kEnergy, kMargin, 3, 2, rng), (std::vector<std::int64_t>{2, 5}));
  // first_k below k is raised to k: the top-2 energies are taken as they are.
  EXPECT_EQ(select_round(SelectionRule::TwoStep, kEnergy, kMargin, 1, 2, rng), (std::vector<std::int64_t>{0, 5}));
  // first_k = whole pool degenerates to uncertainty only.
  EXPECT_EQ(select_round(SelectionRule::TwoStep, kEnergy, kMargin, 100, 2, rng), (std::vector<std::int64_t>{1, 4}));
}

TEST(SelectionThresholds, CutOffsEachRuleApplied) {
  std::mt19937_64 rng(1);
  // TwoStep, first_k 3: step 1 keeps energies 6, 5, 4 (cut-off 4); it buys margins 0.5, 0.8.
  auto picked = select_round(SelectionRule::TwoStep, kEnergy, kMargin, 3, 2, rng);
  auto t = selection_thresholds(SelectionRule::TwoStep, kEnergy, kMargin, 3, picked);
  EXPECT_DOUBLE_EQ(t.energy, 4.0);
  EXPECT_DOUBLE_EQ(t.margin, 0.8);
  picked = select_round(SelectionRule::EnergyOnly, kEnergy, kMargin, 3, 2, rng);
  t = selection_thresholds(SelectionRule::EnergyOnly, kEnergy, kMargin, 3, picked);
  EXPECT_DOUBLE_EQ(t.energy, 5.0);
  EXPECT_TRUE(std::isnan(t.margin));
  picked = select_round(SelectionRule::UncertaintyOnly, kEnergy, kMargin, 3, 2, rng);
  t = selection_thresholds(SelectionRule::UncertaintyOnly, kEnergy, kMargin, 3, picked);
  EXPECT_TRUE(std::isnan(t.energy));
  EXPECT_DOUBLE_EQ(t.margin, 0.1);  // it bought margins 0.1 and 0.05
  t = selection_thresholds(SelectionRule::Random, kEnergy, kMargin, 3, {0, 1});
  EXPECT_TRUE(std::isnan(t.energy) && std::isnan(t.margin));
}

TEST(AsLogits, OutputsReadingNegates) {
  auto z = torch::tensor({{1.0, 3.0}});
  EXPECT_TRUE(torch::equal(as_logits(z, EnergyReading::NegatedLogits), z));
  EXPECT_TRUE(torch::equal(as_logits(z, EnergyReading::Outputs), -z));
}

TEST(SelectRound, AblationSwitches) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(select_round(SelectionRule::EnergyOnly, kEnergy, kMargin, 3, 2, rng), (std::vector<std::int64_t>{0, 5}));
  EXPECT_EQ(select_round(SelectionRule::UncertaintyOnly, kEnergy, kMargin, 3, 2, rng),
            (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(select_round(SelectionRule::EnergyOnly, kEnergy, kMargin, 3, 0, rng), (std::vector<std::int64_t>{}));
  EXPECT_EQ(select_round(SelectionRule::EnergyOnly, kEnergy, kMargin, 3, 99, rng).size(), 6u);
}

TEST(SelectRound, TiesBreakByPosition) {
  std::mt19937_64 rng(1);
  const std::vector<double> flat(5, 1.0);
  EXPECT_EQ(select_round(SelectionRule::TwoStep, flat, flat, 3, 2, rng), (std::vector<std::int64_t>{0, 1}));
}

TEST(SelectRound, RandomIsSeededDistinctAndSized) {
  const std::vector<double> e(50, 0.0), m(50, 0.0);
  std::mt19937_64 a(3), b(3), c(4);
  auto x = select_round(SelectionRule::Random, e, m, 5, 7, a);
  EXPECT_EQ(x, select_round(SelectionRule::Random, e, m, 5, 7, b));
  EXPECT_EQ(x.size(), 7u);
  EXPECT_EQ(std::set<std::int64_t>(x.begin(), x.end()).size(), 7u);
  for (auto i : x) EXPECT_TRUE(i >= 0 && i < 50);
  EXPECT_NE(x, select_round(SelectionRule::Random, e, m, 5, 7, c));
}

TEST(RoundSizes, BudgetArithmetic) {
  EXPECT_EQ(round_sizes(0.02, 0.01, 300), (std::vector<std::int64_t>{3, 3}));
  EXPECT_EQ(round_sizes(0.02, 0.005, 280), (std::vector<std::int64_t>{2, 1, 2, 1}));  // cum 2,3,5,6
  EXPECT_EQ(round_sizes(0.025, 0.01, 1000), (std::vector<std::int64_t>{10, 10, 5}));
  EXPECT_EQ(round_sizes(0.05, 0.005, 1000), std::vector<std::int64_t>(10, 5));
  EXPECT_EQ(round_sizes(0.02, 0.01, 50), (std::vector<std::int64_t>{1, 0}));
  EXPECT_TRUE(round_sizes(0.0, 0.01, 300).empty());
  EXPECT_TRUE(round_sizes(0.02, 0.01, 0).empty());
  EXPECT_EQ(round_sizes(1.0, 0.5, 3), (std::vector<std::int64_t>{2, 1}));
}

TEST(RoundSchedule, ListedExtendedOrCompressed) {
  EXPECT_EQ(round_schedule(2, {10, 20}, 60), (std::vector<int>{10, 20}));
  EXPECT_EQ(round_schedule(1, {10, 20}, 60), (std::vector<int>{10}));
  EXPECT_EQ(round_schedule(4, {10, 20}, 60), (std::vector<int>{10, 20, 30, 40}));
  EXPECT_EQ(round_schedule(10, {10, 20}, 60), (std::vector<int>{10, 15, 21, 26, 32, 37, 43, 48, 54, 59}));
  EXPECT_EQ(round_schedule(3, {4, 7}, 8), (std::vector<int>{4, 6, 7}));
  EXPECT_TRUE(round_schedule(0, {10}, 60).empty());
}

// The default schedule: round r after epoch r * every, `after_last` epochs after the last round.
TEST(PeriodicRounds, PaperSpacingForAnyNumberOfRounds) {
  // The paper: 2 rounds after epochs 10 and 20, 60 epochs = 20 + 40.
  auto paper = periodic_rounds(2, 10, 40, 60);
  EXPECT_EQ(paper.rounds, (std::vector<int>{10, 20}));
  EXPECT_EQ(paper.epochs, 60);
  // RQ2 at 5% in 0.5% rounds: 10 rounds after epochs 10..100, 100 + 40 = 140 epochs.
  auto sweep = periodic_rounds(10, 10, 40, 60);
  EXPECT_EQ(sweep.rounds, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}));
  EXPECT_EQ(sweep.epochs, 140);
  // One round: after epoch 10, then 40 epochs: 50.
  EXPECT_EQ(periodic_rounds(1, 10, 40, 60).epochs, 50);
  // No round (budget 0, Supervised): the fixed epochs.
  auto none = periodic_rounds(0, 10, 40, 60);
  EXPECT_TRUE(none.rounds.empty());
  EXPECT_EQ(none.epochs, 60);
  // Quick profile (every 2, 8 after, 12 without rounds): 2 rounds -> {2, 4}, 12; 10 -> 2..20, 28.
  auto quick = periodic_rounds(2, 2, 8, 12);
  EXPECT_EQ(quick.rounds, (std::vector<int>{2, 4}));
  EXPECT_EQ(quick.epochs, 12);
  auto quick10 = periodic_rounds(10, 2, 8, 12);
  EXPECT_EQ(quick10.rounds.back(), 20);
  EXPECT_EQ(quick10.epochs, 28);
  EXPECT_THROW(periodic_rounds(2, 0, 40, 60), ConfigError);
  EXPECT_THROW(periodic_rounds(2, 10, 0, 60), ConfigError);
}

TEST(ParseEpochList, AcceptsAndRejects) {
  EXPECT_EQ(parse_epoch_list("10,20", "round_epochs"), (std::vector<int>{10, 20}));
  EXPECT_EQ(parse_epoch_list("3", "round_epochs"), (std::vector<int>{3}));
  EXPECT_THROW(parse_epoch_list("", "round_epochs"), ConfigError);
  EXPECT_THROW(parse_epoch_list("10,x", "round_epochs"), ConfigError);
  EXPECT_THROW(parse_epoch_list("20,10", "round_epochs"), ConfigError);
  EXPECT_THROW(parse_epoch_list("0", "round_epochs"), ConfigError);
}

}  // namespace
}  // namespace logsweep
