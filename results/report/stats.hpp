#pragma once
// The statistics behind `logsweep table` / `logsweep plot` (docs/statistics.md): confidence
// intervals over seeds, the Wilcoxon signed-rank test with Holm's correction, and the Friedman
// test with the Nemenyi post-hoc (Demšar, JMLR 7, 2006). Pure functions of plain numbers, so each
// is pinned by a published or hand-computed example in tests/results/report/stats_test.cpp.
#include <cstdint>
#include <string>
#include <vector>

namespace logsweep::stats {

// Distributions.
double normal_cdf(double z);
// Student t with `df` > 0 degrees of freedom: CDF and quantile (t_{p,df}, e.g. t_{0.975,4} = 2.776).
double t_cdf(double t, double df);
double t_quantile(double p, double df);
// Upper tails: P(X > x) for chi-square(df) and F(d1, d2).
double chi2_sf(double x, double df);
double f_sf(double x, double d1, double d2);
// Regularized incomplete beta I_x(a, b) and lower regularized gamma P(a, x).
double incomplete_beta(double a, double b, double x);
double incomplete_gamma_p(double a, double x);

// Mean and sample standard deviation (0 for one value).
double mean(const std::vector<double>& v);
double sample_std(const std::vector<double>& v);

// A two-sided confidence interval for the mean.
struct Interval {
  double lo = 0, hi = 0;
  bool valid = false;  // false for fewer than 2 values
};
// mean ± t_{(1+level)/2, n-1} · s / sqrt(n).
Interval t_interval(const std::vector<double>& v, double level = 0.95);
// Percentile bootstrap of the mean: `resamples` resamples with replacement drawn from a fixed-seed
// generator (same input, same interval), the (1-level)/2 and (1+level)/2 quantiles of their means.
Interval bootstrap_interval(const std::vector<double>& v, double level = 0.95, int resamples = 10000,
                            std::uint64_t seed = 0);

// Wilcoxon signed-rank test (two-sided) on paired differences x_i - y_i. Zero differences are
// dropped (Wilcoxon's convention); ties among |d| get mid-ranks. For n <= kExactMaxN non-zero
// differences the p-value is exact (the null distribution of the rank sum counted over all 2^n sign
// patterns, ties included); above, the normal approximation with the tie-corrected variance and no
// continuity correction.
struct WilcoxonResult {
  int n = 0;                 // non-zero differences used
  double w_plus = 0, w_minus = 0;
  double p = 1;              // two-sided; 1 when n == 0
  bool exact = true;
};
constexpr int kExactMaxN = 25;
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& x, const std::vector<double>& y);

// Holm's step-down adjusted p-values, in the input order (each min(1, ...), monotone).
std::vector<double> holm(const std::vector<double>& p);

// Mid-ranks, rank 1 = largest value (best), ties share the average of their ranks.
std::vector<double> ranks_descending(const std::vector<double>& v);

// Friedman test on an N x k table (rows = data sets, columns = methods; larger = better).
struct FriedmanResult {
  int n = 0, k = 0;
  std::vector<double> mean_ranks;  // per column
  double chi2 = 0, p_chi2 = 1;     // Friedman's statistic, chi-square(k-1)
  double ff = 0, p_ff = 1;         // Iman–Davenport F_F, F(k-1, (k-1)(N-1)); Demšar's recommended form
};
// ConfigError for fewer than 2 rows or columns or ragged rows.
FriedmanResult friedman(const std::vector<std::vector<double>>& table);

// Nemenyi critical difference: q_alpha · sqrt(k(k+1) / (6N)), with q_alpha the upper alpha quantile
// of the studentized range of k means (infinite df) divided by sqrt(2) (Demšar's Table 5a/b).
double studentized_range_cdf(double q, int k);  // infinite degrees of freedom
double nemenyi_q(int k, double alpha = 0.05);
double nemenyi_cd(int k, int n, double alpha = 0.05);

}  // namespace logsweep::stats
