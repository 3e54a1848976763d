#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <random>

#include "core/models/baseline_common.hpp"
#include "core/models/common_train.hpp"
#include "core/models/common_grl.hpp"
#include "core/models/common_train.hpp"

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

// labels_for_budget is share_of, the rounding rule LogAction's rounds and first step and LogTAD's
// holdout also read: ceil within [0, n], float noise forgiven.
TEST(LabelsForBudget, ShareOfIsTheSameRoundingForEveryShareOfACount) {
  EXPECT_EQ(share_of(0.1, 42), 5);     // 4.2 -> 5
  EXPECT_EQ(share_of(0.02, 300), 6);   // 6.000000000000001 -> 6
  EXPECT_EQ(share_of(0.0, 5), 0);
  EXPECT_EQ(share_of(1.5, 4), 4);      // never more than the count
  EXPECT_EQ(share_of(0.5, 0), 0);
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

}  // namespace
}  // namespace logsweep
