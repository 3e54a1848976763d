#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/models/logtad_model.hpp"

namespace logsweep {
namespace {

TEST(LogTadSvdd, CenterIsTheWeightedMeanOfEmbeddings) {
  auto z = torch::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 9.0}});
  auto c = svdd_center(z, {}, 0.0);
  EXPECT_TRUE(torch::allclose(c, torch::tensor({3.0, 5.0})));
  auto cw = svdd_center(z, torch::tensor({1.0, 1.0, 2.0}), 0.0);  // row 3 counted twice
  EXPECT_TRUE(torch::allclose(cw, torch::tensor({3.5, 6.0})));
}

TEST(LogTadSvdd, NearZeroCentreCoordinatesArePushedToEps) {
  auto z = torch::tensor({{0.01, -0.02, 1.0}, {0.03, -0.04, 1.0}});
  auto c = svdd_center(z, {}, 0.1);
  EXPECT_TRUE(torch::allclose(c, torch::tensor({0.1, -0.1, 1.0})));
}

TEST(LogTadSvdd, ScoreIsEuclideanDistanceToCentre) {
  auto z = torch::tensor({{3.0, 4.0}, {0.0, 0.0}, {1.0, 1.0}});
  auto d = svdd_distance(z, torch::tensor({0.0, 0.0}));
  EXPECT_TRUE(torch::allclose(d, torch::tensor({5.0, 0.0, std::sqrt(2.0)})));
}

TEST(LogTadSvdd, ThresholdSearchPicksBestValidationF1BetweenTheMeans) {
  // Normal distances 0.8, 1.0, 1.2 (mean 1.0); anomalous 0.9, 2.5, 3.0 (mean 2.133).
  std::vector<double> d{1.0, 1.2, 0.8, 3.0, 2.5, 0.9};
  std::vector<std::int8_t> y{0, 0, 0, 1, 1, 1};
  auto t = search_svdd_threshold(d, y, 100);
  EXPECT_TRUE(t.searched);
  EXPECT_NEAR(t.mean_normal, 1.0, 1e-12);
  EXPECT_NEAR(t.mean_anomalous, 6.4 / 3.0, 1e-12);
  // Any R in [1.2, 2.5) gives TP 2, FP 0, FN 1 -> F1 0.8; the first grid value >= 1.2 wins.
  EXPECT_NEAR(t.validation_f1, 0.8, 1e-12);
  EXPECT_GE(t.radius, 1.2);
  EXPECT_LT(t.radius, 1.2 + (6.4 / 3.0 - 1.0) / 100 + 1e-12);
  EXPECT_GE(t.radius, t.mean_normal);
  EXPECT_LE(t.radius, t.mean_anomalous);
}

TEST(LogTadSvdd, ThresholdDependsOnlyOnTheValidationValuesItIsGiven) {
  std::vector<double> d{1.0, 1.2, 0.8, 3.0, 2.5, 0.9};
  std::vector<std::int8_t> y{0, 0, 0, 1, 1, 1};
  auto a = search_svdd_threshold(d, y, 100);
  // Shuffled order, same data: same radius.
  auto b = search_svdd_threshold({0.9, 3.0, 0.8, 1.2, 2.5, 1.0}, {1, 1, 0, 0, 1, 0}, 100);
  EXPECT_DOUBLE_EQ(a.radius, b.radius);
}

TEST(LogTadSvdd, WithoutValidationAnomaliesFallsBackToNormalQuantile) {
  std::vector<double> d;
  std::vector<std::int8_t> y;
  for (int i = 0; i < 101; ++i) {
    d.push_back(i * 0.01);
    y.push_back(0);
  }
  auto t = search_svdd_threshold(d, y, 100, 0.99);
  EXPECT_FALSE(t.searched);
  EXPECT_NEAR(t.radius, 0.99, 1e-12);
}

}  // namespace
}  // namespace logsweep
