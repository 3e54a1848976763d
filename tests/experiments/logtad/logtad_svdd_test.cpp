// LogTAD's pieces against hand computations from the authors' code (hanxiao0607/LogTAD:
// model/LogTAD.py, model/DomainAdversarial.py, utils/utils.py, utils/SlidingWindow.py).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "experiments/logtad/logtad_model.hpp"

namespace logsweep {
namespace {

torch::Tensor dbl(std::initializer_list<double> v) { return torch::tensor(std::vector<double>(v), torch::kFloat64); }

TEST(LogTadSvdd, CenterIsTheWeightedMeanOfEmbeddings) {
  auto z = torch::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 9.0}});
  auto c = svdd_center(z, {}, 0.0);
  EXPECT_TRUE(torch::allclose(c, torch::tensor({3.0, 5.0})));
  auto cw = svdd_center(z, torch::tensor({1.0, 1.0, 2.0}), 0.0);  // row 3 counted twice
  EXPECT_TRUE(torch::allclose(cw, torch::tensor({3.5, 6.0})));
}

TEST(LogTadSvdd, NearZeroCentreCoordinatesArePushedToEpsButAnExactZeroStays) {
  // Means: 0.02, -0.03, 1.0, 0.0. The code sets -eps where (|c| < eps & c < 0), +eps where
  // (|c| < eps & c > 0): 0.1, -0.1, 1.0, and the exact 0 matches neither mask.
  auto z = torch::tensor({{0.01, -0.02, 1.0, 0.0}, {0.03, -0.04, 1.0, 0.0}});
  auto c = svdd_center(z, {}, 0.1);
  EXPECT_TRUE(torch::allclose(c, torch::tensor({0.1, -0.1, 1.0, 0.0})));
}

TEST(LogTadSvdd, ScoreIsEuclideanDistanceToCentre) {
  auto z = torch::tensor({{3.0, 4.0}, {0.0, 0.0}, {1.0, 1.0}});
  auto d = svdd_distance(z, torch::tensor({0.0, 0.0}));
  EXPECT_TRUE(torch::allclose(d, torch::tensor({5.0, 0.0, std::sqrt(2.0)})));
}

TEST(LogTadLoss, IsTheCodesScaledBatchSumOfMeanSquaredDistancesPlusDomainCe) {
  // c = (1, 0). nn.MSELoss(z_i, c) = mean over the 2 coordinates:
  //   z1 = (1, 2): (0 + 4) / 2 = 2;  z2 = (3, 0): (4 + 0) / 2 = 2;  z3 = (0, 0): (1 + 0) / 2 = 0.5
  //   mse = 2 + 2 + 0.5 = 4.5 (a sum over the batch, not a mean).
  // Domain CE, batch mean: row 1 logits (0, 0), y 0: ln 2; row 2 logits (ln 3, 0), y 1:
  //   -ln(1 / (3 + 1)) = ln 4; row 3 logits (0, 0), y 1: ln 2  ->  (4 ln 2) / 3 = 0.924196.
  // loss = mse * 10e4 + cel = 450000 + 0.924196.
  auto z = torch::tensor({{1.0, 2.0}, {3.0, 0.0}, {0.0, 0.0}}, torch::kFloat64);
  auto c = dbl({1.0, 0.0});
  auto logits = torch::tensor({{0.0, 0.0}, {std::log(3.0), 0.0}, {0.0, 0.0}}, torch::kFloat64);
  auto y = torch::tensor({0, 1, 1}, torch::kInt64);
  auto l = logtad_loss(z, c, dbl({1, 1, 1}), 10e4, logits, y);
  EXPECT_NEAR(l.svdd.item<double>(), 4.5, 1e-12);
  EXPECT_NEAR(l.domain.item<double>(), 4.0 * std::log(2.0) / 3.0, 1e-12);
  EXPECT_NEAR(l.total.item<double>(), 450000.0 + 4.0 * std::log(2.0) / 3.0, 1e-9);
  // Without a domain term (one system only) the loss is the scaled SVDD sum alone.
  EXPECT_NEAR(logtad_loss(z, c, dbl({1, 1, 1}), 10e4).total.item<double>(), 450000.0, 1e-9);
}

TEST(LogTadLoss, CountWeightedRowsGiveThePlainBatchLoss) {
  // Plain batch: z1 twice, then z2 (mse 2 + 2 + 2 = 6; CE (ln2 + ln2 + ln4) / 3). Merged:
  // z1 with count 2 and z2 with count 1 must give the same sum and the same mean CE.
  auto c = dbl({1.0, 0.0});
  auto plain_z = torch::tensor({{1.0, 2.0}, {1.0, 2.0}, {3.0, 0.0}}, torch::kFloat64);
  auto plain_l = torch::tensor({{0.0, 0.0}, {0.0, 0.0}, {std::log(3.0), 0.0}}, torch::kFloat64);
  auto plain = logtad_loss(plain_z, c, dbl({1, 1, 1}), 1e5, plain_l, torch::tensor({0, 0, 1}, torch::kInt64));
  auto merged_z = torch::tensor({{1.0, 2.0}, {3.0, 0.0}}, torch::kFloat64);
  auto merged_l = torch::tensor({{0.0, 0.0}, {std::log(3.0), 0.0}}, torch::kFloat64);
  auto merged = logtad_loss(merged_z, c, dbl({2, 1}), 1e5, merged_l, torch::tensor({0, 1}, torch::kInt64));
  EXPECT_NEAR(plain.svdd.item<double>(), 6.0, 1e-12);
  EXPECT_NEAR(merged.svdd.item<double>(), 6.0, 1e-12);
  EXPECT_NEAR(merged.domain.item<double>(), (2 * std::log(2.0) + std::log(4.0)) / 3.0, 1e-12);
  EXPECT_NEAR(merged.total.item<double>(), plain.total.item<double>(), 1e-9);
}

TEST(LogTadCentre, StartsAtZeroIsReestimatedDuringTheFirstEpochsThenFixed) {
  SvddCenterSchedule s(2, /*update_epochs=*/2, /*eps=*/0.1);
  EXPECT_TRUE(torch::equal(s.center(), torch::zeros({2})));  // epoch 0 trains against 0
  // After epoch 0: mean of (1, 2), (3, 4) = (2, 3).
  s.end_epoch(0, torch::tensor({{1.0, 2.0}, {3.0, 4.0}}), torch::ones({2}));
  EXPECT_TRUE(torch::allclose(s.center(), torch::tensor({2.0, 3.0})));
  // After epoch 1 (the last update): weighted mean (0.05, -0.02)x1, (0.05, -0.035)x2 = (0.05, -0.03),
  // both |c| < 0.1 -> (0.1, -0.1).
  s.end_epoch(1, torch::tensor({{0.05, -0.02}, {0.05, -0.035}}), torch::tensor({1.0, 2.0}));
  EXPECT_TRUE(torch::allclose(s.center(), torch::tensor({0.1, -0.1})));
  // Epoch 2 on: fixed.
  s.end_epoch(2, torch::tensor({{5.0, 5.0}}), torch::ones({1}));
  s.end_epoch(7, torch::tensor({{-5.0, 5.0}}), torch::ones({1}));
  EXPECT_TRUE(torch::allclose(s.center(), torch::tensor({0.1, -0.1})));
}

TEST(LogTadCentre, CheckpointsCountFromTheEpochThatFixesTheCentre) {
  // The code: 10 update epochs, `epoch >= 9` (0-based) may save.
  EXPECT_EQ(SvddCenterSchedule(4, 10, 0.1).first_selectable_epoch(100), 9);
  EXPECT_EQ(SvddCenterSchedule(4, 2, 0.1).first_selectable_epoch(4), 1);
  // Fewer epochs than update epochs: only the last epoch; no update at all: every epoch.
  EXPECT_EQ(SvddCenterSchedule(4, 10, 0.1).first_selectable_epoch(3), 2);
  EXPECT_EQ(SvddCenterSchedule(4, 0, 0.1).first_selectable_epoch(5), 0);
  SvddCenterSchedule none(3, 0, 0.1);
  none.end_epoch(0, torch::ones({1, 3}), torch::ones({1}));
  EXPECT_TRUE(torch::equal(none.center(), torch::zeros({3})));
}

TEST(LogTadCheckpoint, KeepsTheSelectableEpochWithTheLowestHeldOutLoss) {
  // Epoch e sets the single weight to e. Held-out losses 1.0 (epoch 0, not selectable), 5, 3, 4,
  // 3 (a tie: not strictly lower), 2.5, 2.6 -> epoch 5 is kept, with the centre offered there.
  torch::nn::Linear net(1, 1);
  BestCheckpoint best;
  const std::vector<double> loss{1.0, 5.0, 3.0, 4.0, 3.0, 2.5, 2.6};
  for (std::int64_t e = 0; e < static_cast<std::int64_t>(loss.size()); ++e) {
    torch::NoGradGuard g;
    net->weight.fill_(static_cast<double>(e));
    best.offer(e, loss[e], /*selectable=*/e >= 1, *net, torch::full({2}, static_cast<double>(10 * e)));
  }
  EXPECT_EQ(best.epoch(), 5);
  EXPECT_DOUBLE_EQ(best.loss(), 2.5);
  EXPECT_TRUE(torch::equal(best.center(), torch::full({2}, 50.0)));
  best.restore(*net);
  EXPECT_FLOAT_EQ(net->weight.item<float>(), 5.0f);
}

TEST(LogTadRadius, MaximisesBalancedAccuracyWhereF1WouldChooseOtherwise) {
  // Normal: seven at 1.0, three at 2.0 (mean 1.3); anomalous: 1.5 and 5.0 (mean 3.25).
  // steps 2 -> candidates 1.3 and 1.3 + 0.975 = 2.275 (mean_anomalous itself is not tried).
  //   R = 1.3:   TP 2, FN 0, FP 3, TN 7 -> BA (1 + 0.7) / 2 = 0.85;  F1 = 4 / 7 = 0.571
  //   R = 2.275: TP 1, FN 1, FP 0, TN 10 -> BA (0.5 + 1) / 2 = 0.75; F1 = 2 / 3 = 0.667
  // Balanced accuracy (the code's roc_auc_score of hard predictions) keeps 1.3.
  std::vector<double> d{1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1.5, 5.0};
  std::vector<std::int8_t> y{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  auto t = search_svdd_radius(d, y, 2);
  EXPECT_TRUE(t.searched);
  EXPECT_NEAR(t.mean_normal, 1.3, 1e-12);
  EXPECT_NEAR(t.mean_anomalous, 3.25, 1e-12);
  EXPECT_NEAR(t.radius, 1.3, 1e-12);
  EXPECT_NEAR(t.balanced_accuracy, 0.85, 1e-12);
  EXPECT_NEAR(radius_balanced_accuracy(d, y, 2.275), 0.75, 1e-12);
}

TEST(LogTadRadius, CandidatesStepFromTheMeanNormalAndTheFirstBestWins) {
  // Normal 0.8, 1.0, 1.2 (mean 1.0); anomalous 0.9, 2.5, 3.0 (mean 6.4/3); steps 4, step 0.28333:
  //   R = 1.0:     FP 1 (1.2), TP 2 -> BA (2/3 + 2/3) / 2 = 0.6667
  //   R = 1.28333: FP 0, TP 2      -> BA (2/3 + 1) / 2 = 0.8333  (kept: first of the best)
  //   R = 1.56667, 1.85: same 0.8333, not strictly better.
  std::vector<double> d{1.0, 1.2, 0.8, 3.0, 2.5, 0.9};
  std::vector<std::int8_t> y{0, 0, 0, 1, 1, 1};
  auto t = search_svdd_radius(d, y, 4);
  EXPECT_NEAR(t.radius, 1.0 + (6.4 / 3.0 - 1.0) / 4.0, 1e-12);
  EXPECT_NEAR(t.balanced_accuracy, 5.0 / 6.0, 1e-12);
  // A distance equal to R is normal (dist2label: dist <= R -> 0).
  EXPECT_NEAR(radius_balanced_accuracy({1.0, 2.0}, {0, 1}, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(radius_balanced_accuracy({1.0, 2.0}, {0, 1}, 2.0), 0.5, 1e-12);
  // Same data in another order: same radius.
  auto b = search_svdd_radius({0.9, 3.0, 0.8, 1.2, 2.5, 1.0}, {1, 1, 0, 0, 1, 0}, 4);
  EXPECT_DOUBLE_EQ(t.radius, b.radius);
}

TEST(LogTadRadius, WithoutValidationAnomaliesFallsBackToNormalQuantile) {
  std::vector<double> d;
  std::vector<std::int8_t> y;
  for (int i = 0; i < 101; ++i) {
    d.push_back(i * 0.01);
    y.push_back(0);
  }
  auto t = search_svdd_radius(d, y, 100, 0.99);
  EXPECT_FALSE(t.searched);
  EXPECT_NEAR(t.radius, 0.99, 1e-12);
}

TEST(LogTadData, TargetNormalsAreRepeatedToTheSourceSize) {
  // The code: times = int(train_size_s / train_size_t) - 1 extra copies: 100000 / 1000 -> 100 in all.
  EXPECT_EQ(logtad_target_copies(100000, 1000), 100);
  EXPECT_EQ(logtad_target_copies(7, 2), 3);   // int(3.5)
  EXPECT_EQ(logtad_target_copies(1, 3), 1);   // never fewer than the set itself
  EXPECT_EQ(logtad_target_copies(7, 0), 0);   // no bought normal: source only
}

TEST(LogTadData, HoldoutIsARandomCeilShareOfTheTrainingWindows) {
  std::mt19937_64 rng(3);
  for (auto [n, share, held] : std::vector<std::tuple<std::int64_t, double, std::size_t>>{
           {10, 0.2, 2}, {11, 0.2, 3}, {2, 0.2, 1}, {5, 0.9, 4}}) {
    auto s = holdout_split(n, share, rng);
    EXPECT_EQ(s.heldout.size(), held) << n;
    EXPECT_EQ(s.fit.size() + s.heldout.size(), static_cast<std::size_t>(n));
    std::vector<std::int64_t> all = s.fit;
    all.insert(all.end(), s.heldout.begin(), s.heldout.end());
    std::sort(all.begin(), all.end());
    for (std::int64_t i = 0; i < n; ++i) EXPECT_EQ(all[i], i);
  }
}

TEST(LogTadNet, DomainHeadIsAffineLikeTheCodesTwoLinearLayers) {
  // No activation between the two layers: logits(0.5 z1 + 0.5 z2) = 0.5 logits(z1) + 0.5 logits(z2)
  // for any inputs; a ReLU in between breaks this for inputs of opposite signs.
  torch::manual_seed(1);
  LogTadNet net(LogTadShape{4, 8, 1, 0.0, 16});
  auto z1 = torch::randn({5, 8}) * 3, z2 = -z1 + torch::randn({5, 8});
  auto mid = net->domain_logits(0.5 * z1 + 0.5 * z2, 0.1);
  auto avg = 0.5 * net->domain_logits(z1, 0.1) + 0.5 * net->domain_logits(z2, 0.1);
  EXPECT_TRUE(torch::allclose(mid, avg, 1e-4, 1e-5));
}

}  // namespace
}  // namespace logsweep
