#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/logaction_modules.hpp"

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
