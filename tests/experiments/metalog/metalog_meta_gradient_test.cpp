#include "core/models/compute_threads.hpp"
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "experiments/metalog/metalog_model.hpp"

namespace logsweep {
namespace {

struct Tiny {
  MetaLogNet net{MetaLogShape{3, 2, 1}, torch::kFloat64};
  torch::Tensor xs, ms, ys, xt, mt, yt;
  Tiny() {
    torch::manual_seed(3);
    net = MetaLogNet(MetaLogShape{3, 2, 1}, torch::kFloat64);
    auto opt = torch::TensorOptions().dtype(torch::kFloat64);
    xs = torch::randn({4, 5, 3}, opt);
    xt = torch::randn({3, 5, 3}, opt) + 0.5;
    ms = torch::ones({4, 5}, torch::kBool);
    ms.index_put_({0, torch::indexing::Slice(3, torch::indexing::None)}, false);  // a padded window
    mt = torch::ones({3, 5}, torch::kBool);
    ys = torch::tensor({0, 1, 0, 1}, torch::kInt64);
    yt = torch::tensor({1, 0, 1}, torch::kInt64);
  }
  ParamLoss source() const {
    return [this](const std::vector<torch::Tensor>& th) {
      return torch::nn::functional::cross_entropy(net.forward(th, xs, ms).logits, ys);
    };
  }
  ParamLoss target() const {
    return [this](const std::vector<torch::Tensor>& th) {
      return torch::nn::functional::cross_entropy(net.forward(th, xt, mt).logits, yt);
    };
  }
  // L_S(θ) + β·L_T(θ − α∇L_S(θ)) evaluated numerically (the inner gradient by autograd).
  double objective(const std::vector<torch::Tensor>& theta, double alpha, double beta) const {
    std::vector<torch::Tensor> leaf;
    for (const auto& t : theta) leaf.push_back(t.detach().clone().set_requires_grad(true));
    auto ls = source()(leaf);
    auto g = torch::autograd::grad({ls}, leaf);
    std::vector<torch::Tensor> adapted;
    for (std::size_t i = 0; i < leaf.size(); ++i) adapted.push_back((leaf[i] - alpha * g[i]).detach());
    torch::NoGradGuard ng;
    return ls.item<double>() + beta * target()(adapted).item<double>();
  }
};

TEST(MetaLogMetaGradient, SecondOrderMatchesCentralFiniteDifference) {
  set_compute_threads(1);
  Tiny t;
  const double alpha = 0.5, beta = 4.0, eps = 1e-6;
  auto& theta = t.net.params();
  auto mg = meta_gradient(theta, t.source(), t.target(), alpha, beta, true);
  torch::manual_seed(11);
  for (int dir = 0; dir < 4; ++dir) {
    std::vector<torch::Tensor> d, plus, minus;
    double analytic = 0;
    for (std::size_t i = 0; i < theta.size(); ++i) {
      d.push_back(torch::randn_like(theta[i]));
      analytic += (mg.grads[i] * d[i]).sum().item<double>();
      plus.push_back(theta[i].detach() + eps * d[i]);
      minus.push_back(theta[i].detach() - eps * d[i]);
    }
    const double numeric = (t.objective(plus, alpha, beta) - t.objective(minus, alpha, beta)) / (2 * eps);
    EXPECT_NEAR(analytic, numeric, 1e-6 * std::max(1.0, std::abs(numeric))) << "direction " << dir;
  }
}

TEST(MetaLogMetaGradient, FirstOrderIsSourceGradientPlusTargetGradientAtAdaptedPoint) {
  Tiny t;
  const double alpha = 0.5, beta = 4.0;
  auto& theta = t.net.params();
  auto first = meta_gradient(theta, t.source(), t.target(), alpha, beta, false);
  auto second = meta_gradient(theta, t.source(), t.target(), alpha, beta, true);

  // Hand assembly of the first-order rule: ∇L_S(θ) + β·∇L_T(θ'), θ' = θ − α∇L_S(θ).
  auto gs = torch::autograd::grad({t.source()(theta)}, theta);
  std::vector<torch::Tensor> adapted;
  for (std::size_t i = 0; i < theta.size(); ++i)
    adapted.push_back((theta[i] - alpha * gs[i]).detach().set_requires_grad(true));
  auto gt = torch::autograd::grad({t.target()(adapted)}, adapted);
  double diff_first = 0, diff_orders = 0, norm = 0;
  for (std::size_t i = 0; i < theta.size(); ++i) {
    diff_first += (first.grads[i] - (gs[i] + beta * gt[i])).abs().max().item<double>();
    diff_orders += (first.grads[i] - second.grads[i]).pow(2).sum().item<double>();
    norm += second.grads[i].pow(2).sum().item<double>();
  }
  EXPECT_LT(diff_first, 1e-10);
  EXPECT_GT(std::sqrt(diff_orders / norm), 1e-3);  // the Hessian term matters at α = 0.5
  EXPECT_DOUBLE_EQ(first.source_loss, second.source_loss);
  EXPECT_DOUBLE_EQ(first.target_loss, second.target_loss);
}

TEST(MetaLogNet, EncoderMatchesTorchGruWithTheSameWeights) {
  torch::manual_seed(5);
  MetaLogNet net(MetaLogShape{3, 4, 2}, torch::kFloat64);
  torch::nn::GRU gru(torch::nn::GRUOptions(3, 4).num_layers(2).bidirectional(true).batch_first(true));
  gru->to(torch::kFloat64);
  {
    torch::NoGradGuard ng;
    std::size_t k = 0;
    for (int l = 0; l < 2; ++l)
      for (const char* suffix : {"", "_reverse"})
        for (const char* kind : {"weight_ih", "weight_hh", "bias_ih", "bias_hh"})
          gru->named_parameters()[std::string(kind) + "_l" + std::to_string(l) + suffix].copy_(net.params()[k++]);
  }
  auto x = torch::randn({2, 6, 3}, torch::kFloat64);
  auto mask = torch::ones({2, 6}, torch::kBool);
  auto mine = net.encode(net.params(), x, mask);
  auto ref = std::get<0>(gru->forward(x));
  EXPECT_LT((mine - ref).abs().max().item<double>(), 1e-10);

  // A padded window equals the same window run alone at its true length.
  mask.index_put_({1, torch::indexing::Slice(4, torch::indexing::None)}, false);
  auto padded = net.encode(net.params(), x, mask).select(0, 1).narrow(0, 0, 4);
  auto alone = std::get<0>(gru->forward(x.narrow(0, 1, 1).narrow(1, 0, 4))).squeeze(0);
  EXPECT_LT((padded - alone).abs().max().item<double>(), 1e-10);
}

TEST(MetaLogNet, AttentionIgnoresPaddedSteps) {
  torch::manual_seed(6);
  MetaLogNet net(MetaLogShape{3, 2, 1});
  auto x = torch::randn({1, 5, 3});
  auto mask = torch::tensor({{true, true, true, false, false}});
  auto a = net.forward(net.params(), x, mask).logits;
  auto x2 = x.clone();
  x2.index_put_({0, torch::indexing::Slice(3, torch::indexing::None)}, 100.0);  // garbage in padding
  auto b = net.forward(net.params(), x2, mask).logits;
  EXPECT_TRUE(torch::allclose(a, b, 1e-6, 1e-6));
}

}  // namespace
}  // namespace logsweep
