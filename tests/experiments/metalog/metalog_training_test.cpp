// MetaLog's training settings from the authors' code and paper: the outer optimiser
// (module/Optimizer.py) and the paper's uniformly sampled source parts; the code's attention.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "core/models/common_train.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/metalog/metalog_model.hpp"

namespace logsweep {
namespace {

torch::Tensor scalar_param() {
  return torch::zeros({1}, torch::TensorOptions().dtype(torch::kFloat64)).set_requires_grad(true);
}

TEST(MetaLogOptimizer, AdamBetasAndEpsAreTheCodes) {
  auto x = scalar_param();
  MetaLogOptimizer opt({x}, 2e-3, MetaLogOptimizer::Kind::Adam);
  const auto& o = static_cast<const torch::optim::AdamOptions&>(opt.optimizer().param_groups().front().options());
  EXPECT_DOUBLE_EQ(std::get<0>(o.betas()), 0.9);
  EXPECT_DOUBLE_EQ(std::get<1>(o.betas()), 0.9);
  EXPECT_DOUBLE_EQ(o.eps(), 1e-12);
  EXPECT_DOUBLE_EQ(opt.lr(), 2e-3);

  // Two steps with gradients 1 then 3, lr 2e-3, betas (0.9, 0.9), eps 1e-12, by hand:
  //  step 1: m = 0.1, v = 0.1, m̂ = 1, v̂ = 1          -> x = −2e-3·1/1 = −0.002
  //  step 2: m = 0.9·0.1 + 0.1·3 = 0.39, v = 0.9·0.1 + 0.1·9 = 0.99,
  //          m̂ = 0.39/0.19 = 2.0526316, v̂ = 0.99/0.19 = 5.2105263
  //          -> x = −0.002 − 2e-3·2.0526316/√5.2105263 = −0.0037984576
  // (PyTorch's default β2 = 0.999 would give −0.0038355622.)
  for (double g : {1.0, 3.0}) {
    opt.zero_grad();
    x.mutable_grad() = torch::full({1}, g, torch::kFloat64);
    opt.step();
  }
  EXPECT_NEAR(x.item<double>(), -0.0037984576, 1e-10);
}

TEST(MetaLogOptimizer, LearningRateTimesThreeQuartersEveryThousandSteps) {
  // LambdaLR(0.75 ** (k // 1000)) stepped after each update: steps 0..999 use 2e-3, steps
  // 1000..1999 use 2e-3·0.75 = 1.5e-3, steps 2000.. use 2e-3·0.75² = 1.125e-3.
  auto x = scalar_param();
  MetaLogOptimizer opt({x}, 2e-3, MetaLogOptimizer::Kind::Adam);
  auto steps_to = [&](std::int64_t k) {
    while (opt.steps() < k) {
      opt.zero_grad();
      x.mutable_grad() = torch::ones({1}, torch::kFloat64);
      opt.step();
    }
  };
  steps_to(999);
  EXPECT_DOUBLE_EQ(opt.lr(), 2e-3);
  steps_to(1000);
  EXPECT_DOUBLE_EQ(opt.lr(), 1.5e-3);
  steps_to(1999);
  EXPECT_DOUBLE_EQ(opt.lr(), 1.5e-3);
  steps_to(2000);
  EXPECT_DOUBLE_EQ(opt.lr(), 1.125e-3);

  // The literal formula (sgd) keeps γ constant.
  auto y = scalar_param();
  MetaLogOptimizer sgd({y}, 2e-3, MetaLogOptimizer::Kind::Sgd);
  for (int k = 0; k < 1000; ++k) {
    sgd.zero_grad();
    y.mutable_grad() = torch::ones({1}, torch::kFloat64);
    sgd.step();
  }
  EXPECT_DOUBLE_EQ(sgd.lr(), 2e-3);
  EXPECT_NEAR(y.item<double>(), -2.0, 1e-9);  // 1000 steps of −2e-3·1
}

TEST(MetaLogSourceParts, PartsAreAUniformRandomPartitionNotContiguousBlocks) {
  std::mt19937_64 rng(1);
  const SourceParts parts(23, 10, rng);
  ASSERT_EQ(parts.parts().size(), 10u);
  std::vector<std::int64_t> all;
  bool some_part_not_a_block = false;
  for (const auto& p : parts.parts()) {
    // Slices [k·23/10, (k+1)·23/10) of a permutation: sizes 2 or 3, 23 in all.
    EXPECT_TRUE(p.size() == 2 || p.size() == 3) << p.size();
    all.insert(all.end(), p.begin(), p.end());
    auto sorted = p;
    std::sort(sorted.begin(), sorted.end());
    if (sorted.back() - sorted.front() + 1 != static_cast<std::int64_t>(sorted.size())) some_part_not_a_block = true;
  }
  std::sort(all.begin(), all.end());
  std::vector<std::int64_t> expected(23);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);            // every source window in exactly one part
  EXPECT_TRUE(some_part_not_a_block);  // the old contiguous blocks had every part a run

  // Clamping: more parts than windows -> one window per part; one part -> the whole source.
  EXPECT_EQ(SourceParts(3, 10, rng).parts().size(), 3u);
  EXPECT_EQ(SourceParts(5, 1, rng).parts().front().size(), 5u);
}

TEST(MetaLogSourceParts, EachEpochDrawsDistinctPartsUniformly) {
  std::mt19937_64 rng(2);
  const SourceParts parts(100, 10, rng);
  // An epoch is the concatenation of the drawn parts.
  auto copy = rng;
  const auto ids = parts.draw(5, copy);
  std::vector<std::int64_t> expected;
  for (auto id : ids) expected.insert(expected.end(), parts.parts()[id].begin(), parts.parts()[id].end());
  EXPECT_EQ(parts.epoch(5, rng), expected);
  EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), 5u);

  // 5 of 10 parts per epoch: each part is drawn with probability 1/2. Over 4000 epochs a part's
  // count is Binomial(4000, 0.5): mean 2000, sd √1000 ≈ 31.6; allow 5 sd (±158).
  std::vector<int> count(10, 0);
  for (int e = 0; e < 4000; ++e)
    for (auto id : parts.draw(5, rng)) ++count[id];
  for (int k = 0; k < 10; ++k) EXPECT_NEAR(count[k], 2000, 158) << "part " << k;
  EXPECT_EQ(parts.draw(50, rng).size(), 10u);  // clamped to the number of parts
}

TEST(MetaLogNet, AttentionIsTheCodesGuideVectorLinearAttention) {
  set_compute_threads(1);
  torch::manual_seed(4);
  MetaLogNet net(MetaLogShape{3, 2, 1}, torch::kFloat64);  // C = 2H = 4
  auto theta = net.params();
  const std::size_t k = 8;  // 1 layer × 2 directions × 4 GRU tensors
  ASSERT_EQ(theta.size(), k + 5);
  EXPECT_EQ(theta[k].sizes(), (std::vector<std::int64_t>{4}));      // guide
  EXPECT_EQ(theta[k + 1].sizes(), (std::vector<std::int64_t>{8}));  // [w_g; w_h]
  EXPECT_EQ(theta[k + 2].sizes(), (std::vector<std::int64_t>{1}));  // bias
  auto x = torch::randn({2, 4, 3}, torch::kFloat64);
  auto mask = torch::tensor({{true, true, true, true}, {true, true, false, false}});
  auto h = net.encode(theta, x, mask);

  // s_t = tanh(w_g·guide + w_h·h_t + b); a = softmax over real steps; context = Σ a_t h_t.
  auto w = theta[k + 1];
  const double shift = (w.narrow(0, 0, 4) * theta[k]).sum().item<double>() + theta[k + 2].item<double>();
  auto out = net.forward(theta, x, mask);
  for (int b = 0; b < 2; ++b) {
    const int n = b == 0 ? 4 : 2;
    std::vector<double> e(n);
    double z = 0;
    for (int t = 0; t < n; ++t) {
      e[t] = std::exp(std::tanh(shift + (w.narrow(0, 4, 4) * h[b][t]).sum().item<double>()));
      z += e[t];
    }
    for (int c = 0; c < 4; ++c) {
      double ctx = 0;
      for (int t = 0; t < n; ++t) ctx += e[t] / z * h[b][t][c].item<double>();
      EXPECT_NEAR(out.context[b][c].item<double>(), ctx, 1e-12);
    }
  }
  // w_h = 0: every real step scores tanh(shift), so the context is the mean of the real states.
  {
    torch::NoGradGuard ng;
    theta[k + 1] = theta[k + 1].detach().clone();
    theta[k + 1].narrow(0, 4, 4).zero_();
  }
  auto flat = net.forward(theta, x, mask).context;
  EXPECT_TRUE(torch::allclose(flat[1], h[1].narrow(0, 0, 2).mean(0), 1e-12, 1e-12));
  // Output rows start orthonormal and the output bias at zero, as the code's NonLinear.
  auto W = theta[k + 3].detach();
  EXPECT_TRUE(torch::allclose(torch::matmul(W, W.t()), torch::eye(2, torch::kFloat64), 1e-10, 1e-10));
  EXPECT_EQ(theta[k + 4].abs().sum().item<double>(), 0.0);
}

TEST(MetaLogMetaGradient, MergedRepeatsGiveTheSameMetaGradient) {
  // Source batch rows a a b a c (plain, weights 1) vs merged rows a b c with weights 3 1 1; target
  // rows d d e vs d e with weights 2 1. Both losses are weighted means, so L_S, ∇L_S, θ', L_T and
  // the meta-gradient are those of the plain batches (first and second order alike).
  set_compute_threads(1);
  torch::manual_seed(9);
  MetaLogNet net(MetaLogShape{3, 2, 1}, torch::kFloat64);
  auto opt = torch::TensorOptions().dtype(torch::kFloat64);
  auto xs = torch::randn({3, 4, 3}, opt), xt = torch::randn({2, 4, 3}, opt);
  auto mask = [](std::int64_t n) { return torch::ones({n, 4}, torch::kBool); };
  auto ys = torch::tensor({0, 1, 0}, torch::kInt64), yt = torch::tensor({1, 0}, torch::kInt64);
  auto pick = [](const torch::Tensor& t, std::vector<std::int64_t> rows) {
    return t.index_select(0, torch::tensor(rows, torch::kInt64));
  };
  auto loss = [&net](torch::Tensor x, torch::Tensor m, torch::Tensor y, torch::Tensor w) -> ParamLoss {
    return [&net, x, m, y, w](const std::vector<torch::Tensor>& th) {
      return weighted_cross_entropy(net.forward(th, x, m).logits, y, w);
    };
  };
  const std::vector<std::int64_t> src_rows{0, 0, 1, 0, 2}, tgt_rows{0, 0, 1};
  for (bool second : {false, true}) {
    auto plain = meta_gradient(net.params(),
                               loss(pick(xs, src_rows), mask(5), pick(ys, src_rows), torch::ones({5}, opt)),
                               loss(pick(xt, tgt_rows), mask(3), pick(yt, tgt_rows), torch::ones({3}, opt)), 0.5,
                               4.0, second);
    auto merged = meta_gradient(net.params(), loss(xs, mask(3), ys, torch::tensor({3.0, 1.0, 1.0}, opt)),
                                loss(xt, mask(2), yt, torch::tensor({2.0, 1.0}, opt)), 0.5, 4.0, second);
    EXPECT_NEAR(plain.source_loss, merged.source_loss, 1e-12);
    EXPECT_NEAR(plain.target_loss, merged.target_loss, 1e-12);
    for (std::size_t i = 0; i < plain.grads.size(); ++i)
      EXPECT_TRUE(torch::allclose(plain.grads[i], merged.grads[i], 1e-10, 1e-12)) << "parameter " << i;
  }
}

}  // namespace
}  // namespace logsweep
