#include <gtest/gtest.h>

#include <cmath>

#include "core/metrics/metrics.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

TEST(Confusion, CountsEachCell) {
  // truth:     1 1 0 0 1 0
  // predicted: 1 0 1 0 1 0  -> tp 2, fn 1, fp 1, tn 2
  auto c = confusion({1, 1, 0, 0, 1, 0}, {1, 0, 1, 0, 1, 0});
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fn, 1);
  EXPECT_EQ(c.fp, 1);
  EXPECT_EQ(c.tn, 2);
  EXPECT_DOUBLE_EQ(c.precision(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.f1(), 2.0 / 3.0);
}

TEST(Confusion, WeightsActAsRepeats) {
  auto w = confusion({1, 0, 1}, {1, 1, 0}, {3, 2, 5});
  EXPECT_EQ(w.tp, 3);
  EXPECT_EQ(w.fp, 2);
  EXPECT_EQ(w.fn, 5);
  EXPECT_EQ(w.tn, 0);
  EXPECT_DOUBLE_EQ(w.precision(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(w.recall(), 3.0 / 8.0);
  EXPECT_DOUBLE_EQ(w.f1(), 2 * 0.6 * 0.375 / (0.6 + 0.375));
}

TEST(Confusion, EdgeCasesAreZeroNotNaN) {
  auto none_predicted = confusion({1, 0}, {0, 0});
  EXPECT_EQ(none_predicted.precision(), 0.0);
  EXPECT_EQ(none_predicted.recall(), 0.0);
  EXPECT_EQ(none_predicted.f1(), 0.0);
  auto no_positives = confusion({0, 0}, {1, 0});
  EXPECT_EQ(no_positives.recall(), 0.0);
  EXPECT_EQ(no_positives.f1(), 0.0);
  auto perfect = confusion({1, 0, 1}, {1, 0, 1});
  EXPECT_EQ(perfect.f1(), 1.0);
  EXPECT_EQ(Confusion{}.f1(), 0.0);
}

TEST(Confusion, SizeMismatchThrows) {
  EXPECT_THROW(confusion({1, 0}, {1}), Error);
  EXPECT_THROW(confusion({1, 0}, {1, 0}, {1.0}), Error);
}

TEST(AucRoc, HandValueWithTies) {
  // positives score 0.9, 0.5, 0.5; negatives 0.9, 0.1.
  // pos 0.9: ties neg 0.9 (0.5) + beats 0.1 (1) = 1.5; each pos 0.5 beats 0.1 only = 1.
  // AUC = (1.5 + 1 + 1) / (3 * 2) = 7/12.
  EXPECT_NEAR(auc_roc({1, 0, 1, 0, 1}, {0.9, 0.9, 0.5, 0.1, 0.5}), 7.0 / 12.0, 1e-12);
}

TEST(AucRoc, WeightedEqualsRepeated) {
  const double weighted = auc_roc({1, 0, 1, 0, 1}, {0.9, 0.9, 0.5, 0.1, 0.5}, {2, 1, 1, 1, 1});
  const double repeated = auc_roc({1, 1, 0, 1, 0, 1}, {0.9, 0.9, 0.9, 0.5, 0.1, 0.5});
  EXPECT_NEAR(weighted, 5.0 / 8.0, 1e-12);
  EXPECT_NEAR(weighted, repeated, 1e-12);
}

TEST(AucRoc, PerfectInvertedAndConstant) {
  EXPECT_DOUBLE_EQ(auc_roc({0, 0, 1, 1}, {0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_DOUBLE_EQ(auc_roc({0, 0, 1, 1}, {0.9, 0.8, 0.2, 0.1}), 0.0);
  EXPECT_DOUBLE_EQ(auc_roc({0, 1, 0, 1}, {0.5, 0.5, 0.5, 0.5}), 0.5);
}

TEST(AucRoc, OneClassIsNaN) {
  EXPECT_TRUE(std::isnan(auc_roc({1, 1}, {0.1, 0.2})));
  EXPECT_TRUE(std::isnan(auc_roc({0, 0}, {0.1, 0.2})));
  EXPECT_TRUE(std::isnan(auc_roc({}, {})));
}

TEST(MethodResult, ScoreFillsEverything) {
  MethodResult r;
  r.score({1, 0, 1, 0}, {1, 1, 0, 0}, {0.9, 0.6, 0.4, 0.1});
  EXPECT_EQ(r.confusion.tp, 1);
  EXPECT_EQ(r.confusion.fp, 1);
  EXPECT_DOUBLE_EQ(r.precision, 0.5);
  EXPECT_DOUBLE_EQ(r.recall, 0.5);
  EXPECT_DOUBLE_EQ(r.f1, 0.5);
  EXPECT_DOUBLE_EQ(r.auc, 0.75);  // pos 0.9 beats both negs, pos 0.4 beats 0.1 only
  MethodResult no_score;
  no_score.score({1, 0}, {1, 0});
  EXPECT_EQ(no_score.auc, -1);
  EXPECT_EQ(no_score.f1, 1.0);
}

}  // namespace
}  // namespace logsweep
