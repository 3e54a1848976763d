#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <random>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"
#include "core/models/common_grl.hpp"
#include "core/models/logsynergy_model.hpp"

namespace logsweep {
namespace {

TEST(BaselineGradientReversal, ForwardIsIdentityBackwardIsMinusAlphaTimesGrad) {
  auto x = torch::tensor({1.0, -2.0, 3.0}, torch::kFloat64).set_requires_grad(true);
  auto y = grad_reverse(x, 0.3);
  EXPECT_TRUE(torch::equal(y, x.detach()));
  auto upstream = torch::tensor({2.0, 5.0, -1.0}, torch::kFloat64);
  (y * upstream).sum().backward();
  EXPECT_TRUE(torch::allclose(x.grad(), upstream * -0.3));
}

TEST(BaselineMaskedSoftmax, PaddedStepsGetZeroWeight) {
  auto s = torch::tensor({{1.0, 2.0, 50.0}});
  auto m = torch::tensor({{true, true, false}});
  auto w = masked_softmax(s, m);
  EXPECT_NEAR(w[0][2].item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(w[0][0].item<double>(), 1.0 / (1.0 + std::exp(1.0)), 1e-6);
}

TEST(BaselineClassWeightedCE, MatchesPyTorchWeightedMeanAndCountsActAsRepeats) {
  auto logits = torch::tensor({{0.2, 1.0}, {2.0, -1.0}, {0.0, 0.5}}, torch::kFloat64);
  auto y = torch::tensor({1, 0, 1}, torch::kInt64);
  auto cw = torch::tensor({0.25, 0.75}, torch::kFloat64);
  auto ref = torch::nn::functional::cross_entropy(logits, y, torch::nn::functional::CrossEntropyFuncOptions().weight(cw));
  auto ours = class_weighted_cross_entropy(logits, y, torch::ones({3}, torch::kFloat64), cw);
  EXPECT_NEAR(ours.item<double>(), ref.item<double>(), 1e-12);
  // Count 2 on the first row == the first row repeated.
  auto rep = torch::nn::functional::cross_entropy(torch::cat({logits, logits.narrow(0, 0, 1)}),
                                                  torch::cat({y, y.narrow(0, 0, 1)}),
                                                  torch::nn::functional::CrossEntropyFuncOptions().weight(cw));
  auto counted = class_weighted_cross_entropy(logits, y, torch::tensor({2.0, 1.0, 1.0}, torch::kFloat64), cw);
  EXPECT_NEAR(counted.item<double>(), rep.item<double>(), 1e-12);
}

TEST(LabelsForBudget, IsTheCeilingOfBudgetTimesPoolForEveryMethod) {
  EXPECT_EQ(labels_for_budget(0.05, 333), 17);   // 16.65 -> 17
  EXPECT_EQ(labels_for_budget(0.02, 500), 10);   // exact products are not bumped by float error
  EXPECT_EQ(labels_for_budget(0.021, 100), 3);   // 2.1 -> 3 (round() would give 2)
  EXPECT_EQ(labels_for_budget(0.001, 100), 1);   // any positive budget buys a label
  EXPECT_EQ(labels_for_budget(0.0, 100), 0);
  EXPECT_EQ(labels_for_budget(1.0, 7), 7);
  std::mt19937_64 r(1);
  std::vector<std::int64_t> pool(100);
  EXPECT_EQ(sample_fraction(pool, 0.021, r).size(), 3u);  // the baselines use the same rule
}

TEST(BaselineLabelSample, RoundsTheBudgetAndIsASeededSubsetOfThePool) {
  std::vector<std::int64_t> pool;
  for (int i = 0; i < 333; ++i) pool.push_back(1000 + 3 * i);
  std::mt19937_64 a(7), b(7), c(8);
  auto sa = sample_fraction(pool, 0.05, a);
  auto sb = sample_fraction(pool, 0.05, b);
  auto sc = sample_fraction(pool, 0.05, c);
  EXPECT_EQ(sa.size(), 17u);  // ceil(16.65)
  EXPECT_EQ(sa, sb);
  EXPECT_NE(sa, sc);
  EXPECT_TRUE(std::is_sorted(sa.begin(), sa.end()));
  for (auto v : sa) EXPECT_TRUE(std::binary_search(pool.begin(), pool.end(), v));
  EXPECT_TRUE(sample_fraction(pool, 0.0, a).empty());
  EXPECT_EQ(sample_fraction(pool, 1.0, a), pool);
}

// Fits CLUB's q(y|x) on samples and returns the bound on the same samples.
double fitted_club(const torch::Tensor& x, const torch::Tensor& y) {
  set_compute_threads(1);
  ClubEstimator club(1, 1, 16);
  torch::optim::Adam opt(club->parameters(), torch::optim::AdamOptions(2e-2));
  for (int step = 0; step < 600; ++step) {
    opt.zero_grad();
    club->learning_loss(x, y).backward();
    opt.step();
  }
  torch::NoGradGuard ng;
  return club->upper_bound(x, y).item<double>();
}

TEST(BaselineClub, BoundSeparatesDependentFromIndependentAndMatchesGaussianValue) {
  torch::manual_seed(1);
  const int n = 2000;
  const double rho = 0.8;
  auto x = torch::randn({n, 1});
  auto noise = torch::randn({n, 1});
  auto correlated = rho * x + std::sqrt(1 - rho * rho) * noise;
  auto independent = torch::randn({n, 1});
  const double dep = fitted_club(x, correlated);
  const double ind = fitted_club(x, independent);
  // With the exact q(y|x) = N(ρx, 1−ρ²) the CLUB value is ρ²/(1−ρ²) (= 1.78), an upper bound
  // of the true MI −½·log(1−ρ²) (= 0.51).
  const double club_exact = rho * rho / (1 - rho * rho);
  const double mi = -0.5 * std::log(1 - rho * rho);
  EXPECT_NEAR(dep, club_exact, 0.3);
  EXPECT_GT(dep, mi);
  EXPECT_NEAR(ind, 0.0, 0.05);
  EXPECT_GT(dep, ind + 1.0);
}

TEST(BaselineClub, BoundIsPermutationInvariantAndZeroForConstantY) {
  torch::manual_seed(2);
  ClubEstimator club(2, 3, 8);
  auto x = torch::randn({5, 2}, torch::kFloat32), y = torch::randn({5, 3});
  torch::NoGradGuard ng;
  auto fit = club->upper_bound(x, y).item<double>();
  // Permuting the (x_i, y_i) pairs together leaves both means unchanged.
  auto perm = torch::tensor({4, 2, 0, 1, 3}, torch::kInt64);
  EXPECT_NEAR(club->upper_bound(x.index_select(0, perm), y.index_select(0, perm)).item<double>(), fit, 1e-5);
  // With the same y in every row, log q(y_i|x_i) = log q(y_j|x_i): the bound is exactly 0.
  auto same = y.narrow(0, 0, 1).expand({5, 3}).contiguous();
  EXPECT_NEAR(club->upper_bound(x, same).item<double>(), 0.0, 1e-5);
}

TEST(BaselineDaan, ReversalCoefficientSchedule) {
  EXPECT_DOUBLE_EQ(daan_coefficient(0), 0.0);
  EXPECT_NEAR(daan_coefficient(1000), 2.0 / (1.0 + std::exp(-1.0)) - 1.0, 1e-12);
  EXPECT_NEAR(daan_coefficient(100000), 1.0, 1e-12);
}

TEST(BaselineDaan, LossIsPositiveAndReversesGradientIntoFeatures) {
  torch::manual_seed(4);
  DaanLoss daan(4, 8, 2);
  auto s = torch::randn({6, 4}).set_requires_grad(true);
  auto t = (torch::randn({6, 4}) + 1.0).set_requires_grad(true);
  auto ps = torch::softmax(torch::randn({6, 2}), 1), pt = torch::softmax(torch::randn({6, 2}), 1);
  // Gradient into the features with coefficient c equals −c times the discriminators' own
  // gradient (coefficient 1 with the sign undone).
  auto l1 = daan->forward(s, t, ps, pt, 0.5);
  EXPECT_GT(l1.item<double>(), 0.0);
  auto g_rev = torch::autograd::grad({l1}, {s})[0];
  auto s2 = s.detach().clone().set_requires_grad(true);
  auto plain = daan->forward(s2, t.detach(), ps, pt, -1.0);  // reversal by −1 = ordinary gradient
  auto g_plain = torch::autograd::grad({plain}, {s2})[0];
  EXPECT_TRUE(torch::allclose(g_rev, -0.5 * g_plain, 1e-5, 1e-6));
}

}  // namespace
}  // namespace logsweep
