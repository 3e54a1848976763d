// LogSynergy's formulas pinned on tiny inputs (values computed by hand in the comments) against
// DDUtian/LogSynergy (MTLog/trainer.py, loss_funcs/daan.py, loss_funcs/adv.py) and the HF
// Trainer defaults that code runs with.
#include "experiments/logsynergy/logsynergy_model.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/models/baseline_common.hpp"
#include "core/models/compute_threads.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

void set_param(torch::nn::Module& m, const std::string& name, const torch::Tensor& value) {
  torch::NoGradGuard ng;
  auto params = m.named_parameters();  // find() points into this dictionary
  auto* p = params.find(name);
  ASSERT_NE(p, nullptr) << name;
  p->copy_(value);
}

void zero_all(torch::nn::Module& m) {
  torch::NoGradGuard ng;
  for (auto& p : m.parameters()) p.zero_();
}

// ---- CLUB ----------------------------------------------------------------------------------

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

TEST(LogSynergyClub, BoundSeparatesDependentFromIndependentAndMatchesGaussianValue) {
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

TEST(LogSynergyClub, BoundIsPermutationInvariantAndZeroForConstantY) {
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

TEST(LogSynergyClub, CountWeightedBoundEqualsThePlainBatchByHand) {
  // q(y|x) with mu(x) = x (ReLU(1·x)·1, x >= 0) and logvar = tanh(0) = 0 (var 1).
  ClubEstimator club(1, 1, 1);
  zero_all(*club);
  set_param(*club, "mu.0.weight", torch::ones({1, 1}));
  set_param(*club, "mu.2.weight", torch::ones({1, 1}));
  // Merged rows x = y = [0, 1] with counts [1, 2] = the plain batch x = y = [0, 1, 1].
  // positive_i = −(x_i − y_i)²/2 = 0 for every row.
  // negative_i = −mean_j (y_j − x_i)²/2: x=0: −(0+1+1)/3/2 = −1/3; x=1: −(1+0+0)/3/2 = −1/6.
  // bound = mean_i (positive_i − negative_i) = (1/3 + 1/6 + 1/6)/3 = 2/9 = 0.222222.
  torch::NoGradGuard ng;
  auto xm = torch::tensor({{0.0f}, {1.0f}}), wm = torch::tensor({1.0f, 2.0f});
  auto xp = torch::tensor({{0.0f}, {1.0f}, {1.0f}});
  EXPECT_NEAR(club->upper_bound(xm, xm, wm).item<double>(), 2.0 / 9.0, 1e-6);
  EXPECT_NEAR(club->upper_bound(xp, xp).item<double>(), 2.0 / 9.0, 1e-6);
  // Ignoring the counts would give mean(1/4, 1/4) = 1/4: the weights matter.
  EXPECT_NEAR(club->upper_bound(xm, xm).item<double>(), 0.25, 1e-6);
}

TEST(LogSynergyClub, CountWeightedBoundAndLearningLossEqualThePlainBatch) {
  torch::manual_seed(3);
  ClubEstimator club(3, 2, 8);
  auto x = torch::randn({4, 3}), y = torch::randn({4, 2});
  auto w = torch::tensor({1.0f, 3.0f, 1.0f, 2.0f});
  auto rep = torch::tensor({0, 1, 1, 1, 2, 3, 3}, torch::kInt64);  // each row w_i times
  auto xp = x.index_select(0, rep), yp = y.index_select(0, rep);
  torch::NoGradGuard ng;
  EXPECT_NEAR(club->upper_bound(x, y, w).item<double>(), club->upper_bound(xp, yp).item<double>(), 1e-5);
  EXPECT_NEAR(club->learning_loss(x, y, w).item<double>(), club->learning_loss(xp, yp).item<double>(), 1e-5);
}

// ---- DAAN ----------------------------------------------------------------------------------

TEST(LogSynergyDaan, InnerFactorsOnDiscriminatorsOfKnownOutput) {
  DaanLoss daan(2, 3, 2);
  zero_all(*daan);  // every discriminator outputs sigmoid(0) = 0.5 whatever its input
  auto s = torch::randn({3, 2}), t = torch::randn({2, 2});
  auto ls = torch::randn({3, 2}), lt = torch::randn({2, 2});
  auto ws = torch::ones({3}), wt = torch::ones({2});
  // Every BCE = ln 2. global = 0.5 (ln2 + ln2) · 0.05 = 0.05 ln2 = 0.0346574;
  // local = 0.5 (2 ln2 + 2 ln2) · 0.01 = 0.02 ln2 = 0.0138629 (two classes per side);
  // loss = 0.5 · global + 0.5 · local = 0.0242602.
  auto loss = daan->forward(s, t, ls, lt, ws, wt, 0.3);
  EXPECT_NEAR(daan->last_global(), 0.0346574, 1e-6);
  EXPECT_NEAR(daan->last_local(), 0.0138629, 1e-6);
  EXPECT_NEAR(loss.item<double>(), 0.0242602, 1e-6);
  // Global discriminator's output bias ln 3: p = 0.75 on every row. Source BCE −ln 0.75 =
  // 0.2876821, target BCE −ln 0.25 = 1.3862944; global = 0.5 · 1.6739764 · 0.05 = 0.0418494.
  set_param(*daan->global_discriminator(), "l3.bias", torch::full({1}, std::log(3.0)));
  daan->forward(s, t, ls, lt, ws, wt, 0.3);
  EXPECT_NEAR(daan->last_global(), 0.0418494, 1e-6);
  EXPECT_NEAR(daan->last_local(), 0.0138629, 1e-6);
}

TEST(LogSynergyDaan, LocalDiscriminatorSeesScoreWeightedFeatures) {
  torch::manual_seed(5);
  DaanLoss daan(2, 4, 2);
  auto s = torch::randn({4, 2}), t = torch::randn({3, 2});
  auto ls = torch::randn({4, 2}).set_requires_grad(true), lt = torch::randn({3, 2});
  auto ws = torch::ones({4}), wt = torch::ones({3});
  auto loss = daan->forward(s, t, ls, lt, ws, wt, 0.5);
  // local = 0.5 · 0.01 · sum_c [BCE(D_c(l_c ⊙ s), 1) + BCE(D_c(l_c ⊙ t), 0)], l_c = column c.
  double expected = 0;
  for (std::int64_t c = 0; c < 2; ++c) {
    auto& d = daan->local_discriminator(c);
    expected += weighted_bce(d->forward(ls.detach().narrow(1, c, 1) * s, ws), 1.0, ws).item<double>();
    expected += weighted_bce(d->forward(lt.narrow(1, c, 1) * t, wt), 0.0, wt).item<double>();
  }
  EXPECT_NEAR(daan->last_local(), 0.5 * 0.01 * expected, 1e-7);
  // The scores are neither detached nor reversed: the loss has a gradient into them.
  auto g = torch::autograd::grad({loss}, {ls})[0];
  EXPECT_GT(g.abs().sum().item<double>(), 0.0);
}

TEST(LogSynergyDaan, GradientIntoFeaturesIsReversedAndScaled) {
  torch::manual_seed(4);
  DaanLoss daan(4, 8, 2);
  auto s = torch::randn({6, 4}).set_requires_grad(true);
  auto t = (torch::randn({6, 4}) + 1.0).set_requires_grad(true);
  auto ps = torch::softmax(torch::randn({6, 2}), 1), pt = torch::softmax(torch::randn({6, 2}), 1);
  auto w = torch::ones({6});
  // Gradient into the features with coefficient c equals −c times the ordinary gradient
  // (coefficient −1 undoes the sign); the scores enter only the forward values.
  auto l1 = daan->forward(s, t, ps, pt, w, w, 0.5);
  EXPECT_GT(l1.item<double>(), 0.0);
  auto g_rev = torch::autograd::grad({l1}, {s})[0];
  auto s2 = s.detach().clone().set_requires_grad(true);
  auto plain = daan->forward(s2, t.detach(), ps, pt, w, w, -1.0);
  auto g_plain = torch::autograd::grad({plain}, {s2})[0];
  EXPECT_TRUE(torch::allclose(g_rev, -0.5 * g_plain, 1e-5, 1e-6));
}

TEST(LogSynergyDaan, CountWeightedRowsEqualThePlainBatchIncludingBatchNorm) {
  torch::manual_seed(6);
  DaanLoss daan(3, 5, 2);
  auto s = torch::randn({3, 3}), t = torch::randn({2, 3});
  auto ls = torch::randn({3, 2}), lt = torch::randn({2, 2});
  auto ws = torch::tensor({2.0f, 1.0f, 3.0f}), wt = torch::tensor({1.0f, 4.0f});
  auto rs = torch::tensor({0, 0, 1, 2, 2, 2}, torch::kInt64), rt = torch::tensor({0, 1, 1, 1, 1}, torch::kInt64);
  auto merged = daan->forward(s, t, ls, lt, ws, wt, 0.4);
  merged.backward();
  std::vector<torch::Tensor> g_merged;
  for (auto& p : daan->parameters()) g_merged.push_back(p.grad().clone());
  daan->zero_grad();
  auto plain = daan->forward(s.index_select(0, rs), t.index_select(0, rt), ls.index_select(0, rs),
                             lt.index_select(0, rt), torch::ones({6}), torch::ones({5}), 0.4);
  plain.backward();
  EXPECT_NEAR(merged.item<double>(), plain.item<double>(), 1e-6);
  auto params = daan->parameters();
  for (std::size_t i = 0; i < params.size(); ++i)
    EXPECT_TRUE(torch::allclose(g_merged[i], params[i].grad(), 1e-4, 1e-6)) << i;
}

TEST(LogSynergyDaan, WeightedBatchNormMatchesTorchBatchNormOnTheRepeatedBatch) {
  torch::manual_seed(7);
  WeightedBatchNorm wbn(3);
  torch::nn::BatchNorm1d bn(3);
  bn->train();
  auto x = torch::randn({3, 3});
  auto w = torch::tensor({1.0f, 2.0f, 1.0f});
  auto rep = torch::tensor({0, 1, 1, 2}, torch::kInt64);
  auto ours = wbn->forward(x, w).index_select(0, rep);
  EXPECT_TRUE(torch::allclose(ours, bn->forward(x.index_select(0, rep)), 1e-5, 1e-5));
}

TEST(LogSynergyDaan, ReversalScheduleIsCappedAsLambdaSheduler) {
  // 2/(1+e^(−p))−1: p = 0.5 → 0.2449187; p = 1 → 0.4621172 (the cap); uncapped p = 5 would be
  // 0.9866143.
  EXPECT_DOUBLE_EQ(daan_coefficient(0), 0.0);
  EXPECT_NEAR(daan_coefficient(500), 0.2449187, 1e-7);
  EXPECT_NEAR(daan_coefficient(1000), 0.4621172, 1e-7);
  EXPECT_NEAR(daan_coefficient(5000), 0.4621172, 1e-7);
  // max_iter = −1 (HF max_steps default): curr_iter = min(k, −1) = −1 after the first step,
  // p = −1/−1 = 1: the constant 0.4621172 from iteration 1 on.
  EXPECT_DOUBLE_EQ(daan_coefficient(0, -1), 0.0);
  EXPECT_NEAR(daan_coefficient(1, -1), 0.4621172, 1e-7);
  EXPECT_NEAR(daan_coefficient(490, -1), 0.4621172, 1e-7);
  // gamma 10 at the cap: 2/(1+e^(−10))−1 = 0.9999092.
  EXPECT_NEAR(daan_coefficient(2000, 1000, 10.0), 0.9999092, 1e-7);
  EXPECT_THROW(daan_coefficient(3, 0), ConfigError);
}

// ---- anomaly CE and the learning-rate schedule ----------------------------------------------

TEST(LogSynergyLoss, SourceAndBoughtTargetCeAreTwoMeansSummed) {
  const auto cw = torch::tensor({0.25, 0.75});
  // Source: one anomaly with logits (0, 0): CE = ln 2 = 0.6931472 (class weight cancels).
  auto src = torch::tensor({{0.0f, 0.0f}}), src_y = torch::tensor({1}, torch::kInt64), src_w = torch::ones({1});
  // Target: a normal with (0, 0): CE ln 2; an anomaly with (0, ln 3): p = 3/4, CE = 0.2876821.
  auto tgt = torch::tensor({{0.0f, 0.0f}, {0.0f, static_cast<float>(std::log(3.0))}});
  auto tgt_y = torch::tensor({0, 1}, torch::kInt64), tgt_w = torch::ones({2});
  // Target mean = (0.25·0.6931472 + 0.75·0.2876821)/(0.25+0.75) = 0.1732868 + 0.2157616
  // = 0.3890484; sum = 1.0821956.
  EXPECT_NEAR(anomaly_cross_entropy(src, src_y, src_w, tgt, tgt_y, tgt_w, cw).item<double>(), 1.0821956, 2e-6);
  // One concatenated class-weighted mean would be (0.75 ln2 + 0.25 ln2 + 0.75·0.2876821)/1.75
  // = 0.5193765: a different loss.
  auto concat = class_weighted_cross_entropy(torch::cat({src, tgt}), torch::cat({src_y, tgt_y}), torch::ones({3}), cw);
  EXPECT_NEAR(concat.item<double>(), 0.5193765, 2e-6);
  // Count 2 on the target anomaly = that row twice: (0.1732868 + 1.5·0.2876821)/1.75 = 0.3456057.
  auto twice = anomaly_cross_entropy(src, src_y, src_w, tgt, tgt_y, torch::tensor({1.0f, 2.0f}), cw);
  EXPECT_NEAR(twice.item<double>(), 0.6931472 + 0.3456057, 2e-6);
  // No bought row in the batch: the source term alone.
  auto none =
      anomaly_cross_entropy(src, src_y, src_w, tgt.narrow(0, 0, 0), tgt_y.narrow(0, 0, 0), tgt_w.narrow(0, 0, 0), cw);
  EXPECT_NEAR(none.item<double>(), 0.6931472, 2e-6);
}

TEST(LogSynergyLoss, LinearWarmupThenLinearDecayAsHfTrainer) {
  // total 10, ratio 0.2: warm-up ceil(2.0) = 2 steps. f(0) = 0/2, f(1) = 1/2, then
  // (10 − k)/(10 − 2): f(2) = 1, f(5) = 5/8, f(9) = 1/8, f(10) = 0.
  EXPECT_EQ(warmup_steps(10, 0.2), 2);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(0, 10, 0.2), 0.0);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(1, 10, 0.2), 0.5);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(2, 10, 0.2), 1.0);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(5, 10, 0.2), 0.625);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(9, 10, 0.2), 0.125);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(10, 10, 0.2), 0.0);
  // Paper run: 50,000 windows / 1024 = 49 steps × 10 epochs = 490; warm-up ceil(98.0) = 98;
  // f(49) = 49/98 = 0.5; f(294) = (490 − 294)/(490 − 98) = 196/392 = 0.5.
  EXPECT_EQ(warmup_steps(490, 0.2), 98);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(49, 490, 0.2), 0.5);
  EXPECT_DOUBLE_EQ(linear_warmup_factor(294, 490, 0.2), 0.5);
  // total 7: ceil(1.4) = 2 warm-up steps.
  EXPECT_EQ(warmup_steps(7, 0.2), 2);
  // No warm-up: (total − k)/total from the first step.
  EXPECT_DOUBLE_EQ(linear_warmup_factor(0, 4, 0.0), 1.0);
}

// ---- feature extractor ---------------------------------------------------------------------

LogSynergyShape tiny_shape() {
  LogSynergyShape s;
  s.input = 4;
  s.d_model = 8;
  s.heads = 2;
  s.layers = 1;
  s.ffn = 16;
  s.hidden = 8;
  s.feature = 6;
  s.max_positions = 16;
  s.dropout = 0.0;
  return s;
}

TEST(LogSynergyNet, PoolerIsTanhDenseOfTheFirstTokenWithLearnedPositions) {
  torch::manual_seed(8);
  LogSynergyNet net(tiny_shape());
  net->eval();
  auto x = torch::randn({3, 5, 4});
  auto mask = torch::ones({3, 5}, torch::kBool);
  torch::NoGradGuard ng;
  auto pooled = net->pooled(x, mask);
  ASSERT_EQ(pooled.sizes(), (std::vector<std::int64_t>{3, 8}));
  auto params = net->named_parameters();
  auto* w = params.find("pooler.weight");
  auto* b = params.find("pooler.bias");
  ASSERT_TRUE(w && b);
  auto first = net->encode(x, mask).select(1, 0);  // [3, 8]
  EXPECT_TRUE(torch::allclose(pooled, torch::tanh(first.matmul(w->t()) + *b), 1e-6, 1e-6));
  auto f = net->features(x, mask);
  EXPECT_EQ(f.unified.sizes(), (std::vector<std::int64_t>{3, 3}));
  EXPECT_EQ(f.specific.sizes(), (std::vector<std::int64_t>{3, 3}));
  // Learned positions make the order count: swapping two later events changes the output,
  // which a position-free mean pool would not.
  auto swapped = x.clone();
  swapped.select(1, 2).copy_(x.select(1, 3));
  swapped.select(1, 3).copy_(x.select(1, 2));
  EXPECT_FALSE(torch::allclose(net->pooled(swapped, mask), pooled, 0, 1e-7));
}

TEST(LogSynergyNet, ProjectionOnlyWhenEmbeddingWidthDiffersAndBertInit) {
  auto shape = tiny_shape();
  shape.input = shape.d_model;  // the code feeds 768-d embeddings straight into BERT
  LogSynergyNet direct(shape);
  EXPECT_EQ(direct->named_parameters().find("in.weight"), nullptr);
  LogSynergyNet projected(tiny_shape());
  EXPECT_NE(projected->named_parameters().find("in.weight"), nullptr);
  // BERT init: LayerNorm 1/0, biases 0, the pooler's weights normal(0, 0.02).
  auto params = projected->named_parameters();
  EXPECT_TRUE(torch::equal(*params.find("embed_norm.weight"), torch::ones({8})));
  EXPECT_TRUE(torch::equal(*params.find("pooler.bias"), torch::zeros({8})));
  EXPECT_LT(params.find("pooler.weight")->abs().max().item<double>(), 0.2);  // 10 sigma
}

}  // namespace
}  // namespace logsweep
