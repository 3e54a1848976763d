#include "results/report/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/errors.hpp"

namespace logsweep::stats {
namespace {

// Demšar (2006), Table 6: AUC of C4.5, C4.5+m, C4.5+cf, C4.5+m+cf on 14 UCI data sets.
std::vector<std::vector<double>> demsar_table() {
  return {{0.763, 0.768, 0.771, 0.798}, {0.599, 0.591, 0.590, 0.569}, {0.954, 0.971, 0.968, 0.967},
          {0.628, 0.661, 0.654, 0.657}, {0.882, 0.888, 0.886, 0.898}, {0.936, 0.931, 0.916, 0.931},
          {0.661, 0.668, 0.609, 0.685}, {0.583, 0.583, 0.563, 0.625}, {0.775, 0.838, 0.866, 0.875},
          {1.000, 1.000, 1.000, 1.000}, {0.940, 0.962, 0.965, 0.962}, {0.619, 0.666, 0.614, 0.669},
          {0.972, 0.981, 0.975, 0.975}, {0.957, 0.978, 0.946, 0.970}};
}

TEST(Stats, StudentTQuantilesMatchTheTables) {
  // Two-sided 95% critical values from any t table.
  EXPECT_NEAR(t_quantile(0.975, 1), 12.706, 1e-3);
  EXPECT_NEAR(t_quantile(0.975, 2), 4.303, 1e-3);
  EXPECT_NEAR(t_quantile(0.975, 4), 2.776, 1e-3);
  EXPECT_NEAR(t_quantile(0.975, 9), 2.262, 1e-3);
  EXPECT_NEAR(t_quantile(0.975, 29), 2.045, 1e-3);
  EXPECT_NEAR(t_quantile(0.95, 10), 1.812, 1e-3);
  EXPECT_NEAR(t_quantile(0.025, 4), -2.776, 1e-3);
  EXPECT_NEAR(t_cdf(0, 7), 0.5, 1e-12);
  EXPECT_THROW(t_quantile(1.0, 3), ConfigError);
}

TEST(Stats, ChiSquareAndFUpperTailsMatchTheTables) {
  EXPECT_NEAR(chi2_sf(3.841, 1), 0.05, 2e-4);
  EXPECT_NEAR(chi2_sf(7.815, 3), 0.05, 2e-4);
  EXPECT_NEAR(chi2_sf(2.0, 2), std::exp(-1.0), 1e-12);  // chi2(2) is exponential with mean 2
  // Demšar (2006) p. 12: the 5% critical value of F(3, 39) is 2.85.
  EXPECT_NEAR(f_sf(2.845, 3, 39), 0.05, 1e-3);
}

TEST(Stats, TIntervalIsMeanPlusMinusTTimesStandardError) {
  // {1..5}: mean 3, s = sqrt(2.5) = 1.5811, s/sqrt(5) = 0.70711, t_{0.975,4} = 2.77645
  // -> half width 1.96324, interval [1.03676, 4.96324].
  Interval ci = t_interval({1, 2, 3, 4, 5});
  ASSERT_TRUE(ci.valid);
  EXPECT_NEAR(ci.lo, 1.03676, 1e-4);
  EXPECT_NEAR(ci.hi, 4.96324, 1e-4);
  EXPECT_FALSE(t_interval({0.7}).valid);  // one seed: no interval
}

TEST(Stats, BootstrapIntervalOfTheMeanIsPercentilesOfResampledMeans) {
  // {0, 1}: a resample's mean is 0 (p 1/4), 0.5 (1/2) or 1 (1/4), so the 2.5% and 97.5%
  // percentiles of 10000 resampled means are 0 and 1.
  Interval ci = bootstrap_interval({0.0, 1.0});
  ASSERT_TRUE(ci.valid);
  EXPECT_EQ(ci.lo, 0.0);
  EXPECT_EQ(ci.hi, 1.0);
  Interval flat = bootstrap_interval({0.4, 0.4, 0.4});
  EXPECT_DOUBLE_EQ(flat.lo, 0.4);
  EXPECT_DOUBLE_EQ(flat.hi, 0.4);
  // Fixed seed: the same data give the same interval.
  const std::vector<double> v{0.61, 0.7, 0.66, 0.72, 0.58};
  EXPECT_EQ(bootstrap_interval(v).lo, bootstrap_interval(v).lo);
  EXPECT_LT(bootstrap_interval(v).lo, 0.654);
  EXPECT_GT(bootstrap_interval(v).hi, 0.654);
}

TEST(Stats, WilcoxonExactPValueOnDemsarsC45Example) {
  // C4.5+m vs C4.5 (Demšar 2006, sec. 3.1.3). Differences: +.005 -.008 +.017 +.033 +.006 -.005
  // +.007 0 +.063 0 +.022 +.047 +.009 +.021. Demšar splits the two zeros between R+ and R- (93/12);
  // we drop them (Wilcoxon's convention): n = 12, |d| ranks .005,.005 -> 1.5,1.5; .006 3; .007 4;
  // .008 5; .009 6; .017 7; .021 8; .022 9; .033 10; .047 11; .063 12. W- = 1.5 + 5 = 6.5,
  // W+ = 78 - 6.5 = 71.5. Exact: sign patterns whose negative ranks sum to <= 6.5 (doubled: <= 13
  // over {3,3,6,8,...,24}): {}, 6 singletons {3},{3},{6},{8},{10},{12}, 7 pairs {3,3},{3,6}x2,
  // {3,8}x2, {3,10}x2 and the triple {3,3,6}: 15 of 4096. Two-sided p = 30/4096.
  const auto t = demsar_table();
  std::vector<double> m, base;
  for (const auto& row : t) {
    m.push_back(row[1]);
    base.push_back(row[0]);
  }
  WilcoxonResult w = wilcoxon_signed_rank(m, base);
  EXPECT_EQ(w.n, 12);
  EXPECT_TRUE(w.exact);
  EXPECT_NEAR(w.w_plus, 71.5, 1e-9);
  EXPECT_NEAR(w.w_minus, 6.5, 1e-9);
  EXPECT_NEAR(w.p, 30.0 / 4096.0, 1e-12);
}

TEST(Stats, WilcoxonExactPValuesAgreeWithTabulatedCriticalValues) {
  // Two-sided alpha = 0.05 critical values of T = min(W+, W-) for n = 6..20 (standard tables,
  // e.g. Demšar's T <= 21 for n = 14): P(T <= crit) <= 0.05 < P(T <= crit + 1).
  const int crit[] = {0, 2, 3, 5, 8, 10, 13, 17, 21, 25, 29, 34, 40, 46, 52};
  for (int n = 6; n <= 20; ++n) {
    for (int extra = 0; extra < 2; ++extra) {
      // Differences +-1..+-n with negative ranks summing to crit + extra (greedy from the top).
      int remaining = crit[n - 6] + extra;
      std::vector<double> x, zero(static_cast<std::size_t>(n), 0.0);
      for (int r = n; r >= 1; --r) {
        bool negative = r <= remaining;
        if (negative) remaining -= r;
        x.insert(x.begin(), negative ? -r : r);
      }
      ASSERT_EQ(remaining, 0);
      WilcoxonResult w = wilcoxon_signed_rank(x, zero);
      EXPECT_EQ(w.w_minus, crit[n - 6] + extra);
      if (extra == 0) EXPECT_LE(w.p, 0.05) << "n=" << n;
      else EXPECT_GT(w.p, 0.05) << "n=" << n;
    }
  }
}

TEST(Stats, WilcoxonUsesTheNormalApproximationAboveTwentyFive) {
  // n = 30 untied, W- = 100: mean 232.5, var 30*31*61/24 = 2363.75, z = -132.5/48.618 = -2.72530,
  // p = 2 Phi(-2.72530) = 0.0064242.
  std::vector<double> x, zero(30, 0.0);
  int remaining = 100;
  for (int r = 30; r >= 1; --r) {
    bool negative = r <= remaining;
    if (negative) remaining -= r;
    x.push_back(negative ? -r : r);
  }
  WilcoxonResult w = wilcoxon_signed_rank(x, zero);
  EXPECT_FALSE(w.exact);
  EXPECT_EQ(w.w_minus, 100);
  EXPECT_NEAR(w.p, 0.0064242, 1e-6);
  // All differences zero: nothing to test, p = 1.
  EXPECT_EQ(wilcoxon_signed_rank({1, 2}, {1, 2}).p, 1.0);
  EXPECT_THROW(wilcoxon_signed_rank({1, 2}, {1}), ConfigError);
}

TEST(Stats, HolmAdjustsStepDownAndStaysMonotone) {
  // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> running max
  // 0.02, 0.03, 0.06, 0.06; back in input order:
  const auto adj = holm({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adj.size(), 4u);
  EXPECT_NEAR(adj[0], 0.03, 1e-12);
  EXPECT_NEAR(adj[1], 0.06, 1e-12);
  EXPECT_NEAR(adj[2], 0.06, 1e-12);
  EXPECT_NEAR(adj[3], 0.02, 1e-12);
  EXPECT_EQ(holm({0.6, 0.7})[1], 1.0);  // capped at 1
}

TEST(Stats, FriedmanOnDemsarsExample) {
  // Demšar (2006) sec. 3.2.2 reports mean ranks 3.143, 2.000, 2.893, 1.964, chi2_F = 9.28 and
  // F_F = 3.69. Its ranks break the tie of C4.5+cf and C4.5+m+cf on "voting" (0.975 both in the
  // printed table) in favour of C4.5+cf, i.e. by the unrounded AUCs; we do the same here.
  // Rank sums 44, 28, 40.5, 27.5 -> chi2_F = 12*14/(4*5) * (sum R_j^2 - 4*5^2/4) = 9.2786,
  // F_F = 13 * 9.2786 / (14*3 - 9.2786) = 3.6863.
  auto t = demsar_table();
  t[12][2] = 0.9751;
  FriedmanResult f = friedman(t);
  ASSERT_EQ(f.mean_ranks.size(), 4u);
  EXPECT_NEAR(f.mean_ranks[0], 3.143, 1e-3);
  EXPECT_NEAR(f.mean_ranks[1], 2.000, 1e-3);
  EXPECT_NEAR(f.mean_ranks[2], 2.893, 1e-3);
  EXPECT_NEAR(f.mean_ranks[3], 1.964, 1e-3);
  EXPECT_NEAR(f.chi2, 9.2786, 1e-4);
  EXPECT_NEAR(f.ff, 3.6863, 1e-4);
  EXPECT_LT(f.p_ff, 0.05);  // F_F > 2.85, the 5% critical value of F(3, 39)
  EXPECT_GT(f.p_ff, 0.01);
  // The printed table as is (tie on voting = mid-ranks 2.5): rank sums 44, 28, 41, 27.
  FriedmanResult printed = friedman(demsar_table());
  EXPECT_NEAR(printed.mean_ranks[2], 41.0 / 14.0, 1e-12);
  EXPECT_THROW(friedman({{1, 2}}), ConfigError);
}

TEST(Stats, NemenyiCriticalValuesMatchDemsarTable5) {
  const double q05[] = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
  const double q10[] = {1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920};
  for (int k = 2; k <= 10; ++k) {
    EXPECT_NEAR(nemenyi_q(k, 0.05), q05[k - 2], 1.5e-3) << "k=" << k;
    EXPECT_NEAR(nemenyi_q(k, 0.10), q10[k - 2], 1.5e-3) << "k=" << k;
  }
  // Demšar's example: CD = 2.569 * sqrt(4*5 / (6*14)) = 1.25 (alpha 0.05), 2.291 * 0.48795 = 1.12 (0.10).
  EXPECT_NEAR(nemenyi_cd(4, 14, 0.05), 1.2535, 1e-3);
  EXPECT_NEAR(nemenyi_cd(4, 14, 0.10), 1.1179, 1e-3);
}

}  // namespace
}  // namespace logsweep::stats
