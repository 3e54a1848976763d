#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/common_train.hpp"
#include "experiments/logaction/logaction_modules.hpp"

#include <cmath>

namespace logsweep {
namespace {

TEST(LogActionNets, ShapesAndSeededWeights) {
  set_compute_threads(1);
  LogActionShape shape{6, 8, 4, 5, AttentionGuide::Learned};
  torch::manual_seed(11);
  LogActionNets a(shape);
  torch::manual_seed(11);
  LogActionNets b(shape);
  auto x = torch::randn({3, 7, 6});
  auto mask = torch::ones({3, 7}, torch::kBool);
  auto h = a.encoder->forward(x);
  ASSERT_EQ(h.sizes(), (std::vector<std::int64_t>{3, 7, 8}));
  auto z = a.classifier->forward(h, mask);
  ASSERT_EQ(z.sizes(), (std::vector<std::int64_t>{3, 2}));
  EXPECT_TRUE(torch::equal(z, b.classifier->forward(b.encoder->forward(x), mask)));
  // Discriminator and classifier share the architecture but not the weights.
  EXPECT_FALSE(torch::equal(z, a.discriminator->forward(h, mask)));
}

// LogAction_wt (authors' code without transfer learning): no encoder, the classifier reads the
// raw event embeddings, so its first LSTM layer takes the embedding width (6 here), not 8.
TEST(LogActionNets, WithoutEncoderTheClassifierReadsTheEmbeddings) {
  LogActionShape shape{6, 8, 4, 5, AttentionGuide::Learned, /*with_encoder=*/false};
  LogActionNets nets(shape);
  EXPECT_FALSE(nets.encoder);
  EXPECT_FALSE(nets.discriminator);
  EXPECT_EQ(nets.classifier->lstm->options.input_size(), 6);
  auto z = nets.classifier->forward(torch::randn({3, 7, 6}), torch::ones({3, 7}, torch::kBool));
  EXPECT_EQ(z.sizes(), (std::vector<std::int64_t>{3, 2}));
}

TEST(LogLSTM, PaddedStepsDoNotChangeTheOutput) {
  torch::manual_seed(3);
  LogLSTM net(4, 6, 5, AttentionGuide::Last);
  auto x = torch::randn({1, 3, 4});
  auto short_mask = torch::tensor({1, 1, 0}).to(torch::kBool).view({1, 3});
  auto padded = x.clone();
  padded[0][2] = torch::randn({4}) * 100;  // garbage after the last real step
  // An LSTM is causal, so steps after the last real one cannot reach earlier states.
  EXPECT_TRUE(torch::allclose(net->forward(x, short_mask), net->forward(padded, short_mask)));
}

}  // namespace
}  // namespace logsweep

namespace logsweep {
namespace {

// Rows a = (1, 0) twice (count 2) and b = (0, 1) once, one label, t = 1; cosines a.a 1, a.b 0.
// Expanded batch a, a', b: anchor a: D = e^1 + e^0, partners a' (1) and b (0):
// loss = log(e + 1) - 0.5, the same for a'; anchor b: D = 2 e^0, partners a, a' (0, 0):
// loss = log 2. Mean over the 3 anchors: (2 (log(e + 1) - 0.5) + log 2) / 3 = 0.77322.
TEST(WeightedContrastive, HandValueAndEqualToTheExpandedBatch) {
  auto f = torch::tensor({1.f, 0.f, 0.f, 1.f}).view({2, 2});
  auto y = torch::tensor({0, 0}, torch::kInt64);
  const double hand = (2 * (std::log(std::exp(1.0) + 1) - 0.5) + std::log(2.0)) / 3;
  EXPECT_NEAR(weighted_supervised_contrastive_loss(f, y, torch::tensor({2.f, 1.f}), 1.0).item<double>(), hand, 1e-5);
  EXPECT_NEAR(hand, 0.77322, 1e-5);
  // Random features, two labels, counts {3, 1, 2, 1}: equals the shared loss on the 7 windows.
  torch::manual_seed(5);
  auto g = torch::randn({4, 3});
  auto labels = torch::tensor({0, 1, 0, 1}, torch::kInt64);
  auto counts = torch::tensor({3.f, 1.f, 2.f, 1.f});
  auto rows = torch::tensor({0, 0, 0, 1, 2, 2, 3}, torch::kInt64);
  const double expanded =
      supervised_contrastive_loss(g.index_select(0, rows), labels.index_select(0, rows), 0.1).item<double>();
  EXPECT_NEAR(weighted_supervised_contrastive_loss(g, labels, counts, 0.1).item<double>(), expanded, 1e-4);
  // All counts 1: the shared loss itself; a row alone (no other window) contributes nothing.
  EXPECT_NEAR(weighted_supervised_contrastive_loss(g, labels, torch::ones({4}), 0.1).item<double>(),
              supervised_contrastive_loss(g, labels, 0.1).item<double>(), 1e-5);
  auto single = weighted_supervised_contrastive_loss(g.slice(0, 0, 1), labels.slice(0, 0, 1), torch::ones({1}), 0.1);
  EXPECT_EQ(single.item<double>(), 0.0);
  // Gradients stay finite with a lone row of its own label next to merged rows.
  auto h = torch::randn({3, 3}, torch::requires_grad());
  weighted_supervised_contrastive_loss(h, torch::tensor({0, 0, 1}, torch::kInt64), torch::tensor({2.f, 1.f, 1.f}), 0.1)
      .backward();
  EXPECT_TRUE(torch::isfinite(h.grad()).all().item<bool>());
}

// classify_parts' two paths are the same computation: parts of different lengths (5 and 3
// steps, the short one padded at its end when together) give the same logits and the same
// parameter gradients of a loss over all parts, within float summation order.
TEST(ClassifyParts, TogetherAndApartGiveTheSameLogitsAndGradients) {
  set_compute_threads(1);
  torch::manual_seed(3);
  LogLSTM net(6, 4, 5, AttentionGuide::Last);  // Last: the guide reads the last *real* step
  std::vector<torch::Tensor> xs{torch::randn({4, 5, 6}), torch::randn({1, 3, 6}), torch::randn({3, 5, 6})};
  std::vector<torch::Tensor> masks{torch::ones({4, 5}, torch::kBool), torch::ones({1, 3}, torch::kBool),
                                   torch::ones({3, 5}, torch::kBool)};
  masks[0][1][4] = false;  // a window shorter than its batch
  auto run = [&](ClassifyPath path) {
    net->zero_grad();
    auto z = classify_parts(net, xs, masks, path);
    auto loss = z[0].pow(2).sum() + 2 * z[1].sum() + z[2].exp().sum();
    loss.backward();
    std::vector<torch::Tensor> grads;
    for (const auto& p : net->parameters()) grads.push_back(p.grad().clone());
    return std::make_pair(z, grads);
  };
  auto [za, ga] = run(ClassifyPath::Apart);
  auto [zt, gt] = run(ClassifyPath::Together);
  ASSERT_EQ(za.size(), 3u);
  ASSERT_EQ(zt.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_EQ(za[i].sizes(), zt[i].sizes());
    EXPECT_TRUE(torch::allclose(za[i], zt[i], 1e-5, 1e-6)) << i;
  }
  ASSERT_EQ(ga.size(), gt.size());
  for (std::size_t i = 0; i < ga.size(); ++i) EXPECT_TRUE(torch::allclose(ga[i], gt[i], 1e-4, 1e-6)) << i;
}

// The rule measured by `train_bench together` (BENCHMARKS.md): one forward over the parts up to
// 3,584 rows of 20 steps (the crossover lay between 3,120 and 4,160 rows at the paper's and the
// quick profile's widths), one per part beyond; longer windows count as more rows.
TEST(ClassifyParts, RuleFollowsTheMeasuredCrossover) {
  EXPECT_TRUE(classify_together_pays(512 + 16 + 512, 20));  // paper step: source, bought, pool
  EXPECT_TRUE(classify_together_pays(64 + 2 + 64, 20));     // quick step
  EXPECT_TRUE(classify_together_pays(3584, 20));
  EXPECT_FALSE(classify_together_pays(3585, 20));
  EXPECT_FALSE(classify_together_pays(4160, 20));      // 2048 + 64 + 2048: apart measured faster
  EXPECT_FALSE(classify_together_pays(2 * 1040, 40));  // twice the paper step at 40 steps a window
}

}  // namespace
}  // namespace logsweep
