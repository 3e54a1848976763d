#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <set>

#include "core/models/common_attention.hpp"
#include "core/models/common_grl.hpp"
#include "core/models/common_train.hpp"

namespace logsweep {
namespace {

TEST(AdditiveAttention, ScoresByHandWithLearnedGuide) {
  set_compute_threads(1);
  AdditiveAttention att(2, AttentionGuide::Learned);
  torch::NoGradGuard no_grad;
  att->guide_vector.copy_(torch::tensor({1.f, 0.f}));
  att->w_g.copy_(torch::tensor({0.5f, 0.f}));
  att->w_h.copy_(torch::tensor({1.f, 1.f}));
  att->bias.fill_(0.f);
  auto h = torch::tensor({1.f, 0.f, 0.f, 2.f}).view({1, 2, 2});
  auto both = torch::ones({1, 2}, torch::kBool);
  auto a = att->scores(h, both);
  EXPECT_NEAR(a[0][0].item<float>(), std::tanh(1.5f), 1e-6);
  EXPECT_NEAR(a[0][1].item<float>(), std::tanh(2.5f), 1e-6);
  auto rep = att->forward(h, both);
  EXPECT_NEAR(rep[0][0].item<float>(), std::tanh(1.5f), 1e-6);
  EXPECT_NEAR(rep[0][1].item<float>(), 2 * std::tanh(2.5f), 1e-6);
  // A padded step gets no weight.
  auto first_only = torch::tensor({1, 0}).to(torch::kBool).view({1, 2});
  EXPECT_EQ(att->scores(h, first_only)[0][1].item<float>(), 0.f);
}

TEST(AdditiveAttention, LastGuideUsesLastRealStep) {
  AdditiveAttention att(2, AttentionGuide::Last);
  torch::NoGradGuard no_grad;
  att->w_g.copy_(torch::tensor({1.f, 0.f}));
  att->w_h.copy_(torch::tensor({0.f, 0.f}));
  att->bias.fill_(0.f);
  // steps: (0.3, 0), (0.7, 0), (9, 0) padded -> g = step 1, score = tanh(0.7) on real steps.
  auto h = torch::tensor({0.3f, 0.f, 0.7f, 0.f, 9.f, 0.f}).view({1, 3, 2});
  auto mask = torch::tensor({1, 1, 0}).to(torch::kBool).view({1, 3});
  auto a = att->scores(h, mask);
  EXPECT_NEAR(a[0][0].item<float>(), std::tanh(0.7f), 1e-6);
  EXPECT_NEAR(a[0][1].item<float>(), std::tanh(0.7f), 1e-6);
  EXPECT_EQ(a[0][2].item<float>(), 0.f);
}

TEST(MaskedMean, AveragesRealStepsOnly) {
  auto h = torch::tensor({1.f, 3.f, 100.f}).view({1, 3, 1});
  auto mask = torch::tensor({1, 1, 0}).to(torch::kBool).view({1, 3});
  EXPECT_FLOAT_EQ(masked_mean(h, mask).item<float>(), 2.f);
  EXPECT_FLOAT_EQ(last_real_step(h, mask).item<float>(), 3.f);
}

TEST(GradReverse, IdentityForwardNegatedScaledBackward) {
  auto x = torch::tensor({1.f, -2.f}).requires_grad_(true);
  auto y = grad_reverse(x * 3, 0.5);
  EXPECT_TRUE(torch::equal(y.detach(), torch::tensor({3.f, -6.f})));
  y.sum().backward();
  EXPECT_TRUE(torch::allclose(x.grad(), torch::tensor({-1.5f, -1.5f})));
}

TEST(WeightedCrossEntropy, EqualsMeanOverRepeatedRows) {
  auto logits = torch::tensor({2.f, 0.f, 0.f, 1.f}).view({2, 2});
  auto y = torch::tensor({0, 0}, torch::kInt64);
  auto w = weighted_cross_entropy(logits, y, torch::tensor({3.f, 1.f}));
  auto rep = torch::nn::functional::cross_entropy(torch::cat({logits[0].unsqueeze(0).repeat({3, 1}), logits[1].unsqueeze(0)}),
                                                  torch::zeros({4}, torch::kInt64));
  EXPECT_NEAR(w.item<float>(), rep.item<float>(), 1e-6);
}

TEST(SupervisedContrastive, HandValue) {
  // f0 = f1 = (1, 0) label 0, f2 = (0, 1) label 1, t = 1. Anchors 0 and 1 each have one
  // partner: -log(e / (e + 1)) = log(1 + 1/e); anchor 2 has none and is left out.
  auto f = torch::tensor({2.f, 0.f, 1.f, 0.f, 0.f, 3.f}).view({3, 2});  // scale is normalised away
  auto y = torch::tensor({0, 0, 1}, torch::kInt64);
  EXPECT_NEAR(supervised_contrastive_loss(f, y, 1.0).item<float>(), std::log(1.0 + std::exp(-1.0)), 1e-6);
  // No anchor with a partner: zero.
  EXPECT_EQ(supervised_contrastive_loss(f.slice(0, 1, 3), torch::tensor({0, 1}, torch::kInt64), 1.0).item<float>(), 0.f);
}

TEST(BatchCycler, EachPassIsAPermutationAndSeedRepeats) {
  std::mt19937_64 r1(7), r2(7);
  BatchCycler a(10, 4, r1), b(10, 4, r2);
  EXPECT_EQ(a.batches_per_pass(), 3);
  std::multiset<std::int64_t> seen;
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 3; ++i) {
    auto batch = a.next();
    EXPECT_EQ(batch, b.next());
    sizes.push_back(batch.size());
    seen.insert(batch.begin(), batch.end());
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(seen, (std::multiset<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  BatchCycler empty(0, 4, r1);
  EXPECT_TRUE(empty.next().empty());
}

TEST(Chunks, CoverRangeInOrder) {
  auto c = chunks(5, 2);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[2], (std::vector<std::int64_t>{4}));
}

}  // namespace
}  // namespace logsweep
