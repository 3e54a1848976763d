// Statistics for result tables and figures; see stats.hpp for the contract and
// docs/statistics.md for the references.
#include "results/report/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "core/util/errors.hpp"

namespace logsweep::stats {

namespace {

constexpr double kEps = 1e-15;
constexpr double kTiny = 1e-300;

// Continued fraction of the incomplete beta (modified Lentz); converges for x < (a+1)/(a+b+2).
double beta_fraction(double a, double b, double x) {
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    for (int half = 0; half < 2; ++half) {
      d = 1.0 + num * d;
      if (std::fabs(d) < kTiny) d = kTiny;
      c = 1.0 + num / c;
      if (std::fabs(c) < kTiny) c = kTiny;
      d = 1.0 / d;
      h *= d * c;
      num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    }
    if (std::fabs(d * c - 1.0) < kEps) break;
  }
  return h;
}

// Lower regularized gamma by its series (x < a + 1).
double gamma_series(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 100000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEps) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Upper regularized gamma by its continued fraction (x >= a + 1).
double gamma_fraction(double a, double x) {
  double b = x + 1.0 - a, c = 1.0 / kTiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

// Quantile of an increasing function on [lo, hi] by bisection (the bracket grows as needed).
template <class F>
double solve_increasing(F f, double target, double lo, double hi) {
  while (f(hi) < target && hi < 1e12) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Type-7 (linear interpolation) quantile of sorted values.
double sorted_quantile(const std::vector<double>& s, double p) {
  const double h = (static_cast<double>(s.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, s.size() - 1);
  return s[lo] + (h - static_cast<double>(lo)) * (s[hi] - s[lo]);
}

// Mid-ranks of values in ascending order (rank 1 = smallest).
std::vector<double> ranks_ascending(const std::vector<double>& v) {
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    const double mid = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t t = i; t <= j; ++t) r[idx[t]] = mid;
    i = j + 1;
  }
  return r;
}

// P(W <= w) for the signed-rank sum under H0, counted over all 2^n sign patterns. Ranks are
// doubled so that mid-ranks of ties become integers.
double exact_lower_tail(const std::vector<double>& ranks, double w) {
  std::vector<int> r2;
  int total = 0;
  for (double r : ranks) {
    r2.push_back(static_cast<int>(std::lround(2.0 * r)));
    total += r2.back();
  }
  std::vector<double> count(static_cast<std::size_t>(total) + 1, 0.0);
  count[0] = 1.0;
  for (int r : r2)
    for (int s = total; s >= r; --s) count[static_cast<std::size_t>(s)] += count[static_cast<std::size_t>(s - r)];
  const int limit = static_cast<int>(std::floor(2.0 * w + 1e-9));
  double below = 0;
  for (int s = 0; s <= std::min(limit, total); ++s) below += count[static_cast<std::size_t>(s)];
  return below / std::pow(2.0, static_cast<double>(ranks.size()));
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) +
                                b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_fraction(a, b, x) / a;
  return 1.0 - front * beta_fraction(b, a, 1.0 - x) / b;
}

double incomplete_gamma_p(double a, double x) {
  if (x <= 0) return 0;
  return x < a + 1.0 ? gamma_series(a, x) : 1.0 - gamma_fraction(a, x);
}

double t_cdf(double t, double df) {
  // P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2).
  const double tail = 0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double t_quantile(double p, double df) {
  if (!(p > 0 && p < 1)) throw ConfigError(fmt::format("t quantile needs 0 < p < 1, got {}", p));
  if (p < 0.5) return -t_quantile(1.0 - p, df);
  return solve_increasing([&](double t) { return t_cdf(t, df); }, p, 0.0, 16.0);
}

double chi2_sf(double x, double df) { return x <= 0 ? 1.0 : 1.0 - incomplete_gamma_p(0.5 * df, 0.5 * x); }

double f_sf(double x, double d1, double d2) {
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return incomplete_beta(0.5 * d2, 0.5 * d1, d2 / (d2 + d1 * x));
}

double mean(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sample_std(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

Interval t_interval(const std::vector<double>& v, double level) {
  Interval out;
  if (v.size() < 2) return out;
  const double n = static_cast<double>(v.size());
  const double half = t_quantile(0.5 * (1.0 + level), n - 1.0) * sample_std(v) / std::sqrt(n);
  const double m = mean(v);
  return {m - half, m + half, true};
}

Interval bootstrap_interval(const std::vector<double>& v, double level, int resamples, std::uint64_t seed) {
  Interval out;
  if (v.size() < 2 || resamples < 1) return out;
  std::mt19937_64 gen(seed);
  std::vector<double> means(static_cast<std::size_t>(resamples));
  for (double& m : means) {
    double sum = 0;
    // Modulo keeps the draw the same on every standard library (bias ~ n / 2^64, negligible).
    for (std::size_t i = 0; i < v.size(); ++i) sum += v[gen() % v.size()];
    m = sum / static_cast<double>(v.size());
  }
  std::sort(means.begin(), means.end());
  return {sorted_quantile(means, 0.5 * (1.0 - level)), sorted_quantile(means, 0.5 * (1.0 + level)), true};
}

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size())
    throw ConfigError(fmt::format("Wilcoxon test needs paired samples, got {} and {} values", x.size(), y.size()));
  std::vector<double> d, absd;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] != y[i]) {
      d.push_back(x[i] - y[i]);
      absd.push_back(std::fabs(x[i] - y[i]));
    }
  WilcoxonResult out;
  out.n = static_cast<int>(d.size());
  if (d.empty()) return out;
  const std::vector<double> r = ranks_ascending(absd);
  for (std::size_t i = 0; i < d.size(); ++i) (d[i] > 0 ? out.w_plus : out.w_minus) += r[i];
  const double w = std::min(out.w_plus, out.w_minus);
  const double n = static_cast<double>(d.size());
  out.exact = out.n <= kExactMaxN;
  if (out.exact) {
    out.p = std::min(1.0, 2.0 * exact_lower_tail(r, w));
    return out;
  }
  // Tie correction: each group of t tied |d| lowers the variance by (t^3 - t) / 48.
  std::vector<double> sorted = absd;
  std::sort(sorted.begin(), sorted.end());
  double ties = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  const double var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - ties / 48.0;
  const double z = (w - n * (n + 1.0) / 4.0) / std::sqrt(var);
  out.p = std::min(1.0, 2.0 * normal_cdf(-std::fabs(z)));
  return out;
}

std::vector<double> holm(const std::vector<double>& p) {
  std::vector<std::size_t> idx(p.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> adj(p.size());
  double running = 0;
  for (std::size_t i = 0; i < idx.size(); ++i) {
    running = std::max(running, std::min(1.0, static_cast<double>(p.size() - i) * p[idx[i]]));
    adj[idx[i]] = running;
  }
  return adj;
}

std::vector<double> ranks_descending(const std::vector<double>& v) {
  std::vector<double> neg;
  for (double x : v) neg.push_back(-x);
  return ranks_ascending(neg);
}

FriedmanResult friedman(const std::vector<std::vector<double>>& table) {
  FriedmanResult out;
  out.n = static_cast<int>(table.size());
  out.k = table.empty() ? 0 : static_cast<int>(table[0].size());
  if (out.n < 2 || out.k < 2)
    throw ConfigError(fmt::format("the Friedman test needs at least 2 data sets and 2 methods, got {} x {}", out.n, out.k));
  out.mean_ranks.assign(static_cast<std::size_t>(out.k), 0.0);
  for (const auto& row : table) {
    if (static_cast<int>(row.size()) != out.k) throw ConfigError("the Friedman test needs one value per method on every data set");
    const auto r = ranks_descending(row);
    for (std::size_t j = 0; j < r.size(); ++j) out.mean_ranks[j] += r[j] / out.n;
  }
  const double n = out.n, k = out.k;
  double sum_sq = 0;
  for (double r : out.mean_ranks) sum_sq += r * r;
  // Demšar (2006) eq. for chi^2_F and Iman–Davenport's F_F.
  out.chi2 = 12.0 * n / (k * (k + 1.0)) * (sum_sq - k * (k + 1.0) * (k + 1.0) / 4.0);
  out.p_chi2 = chi2_sf(out.chi2, k - 1.0);
  const double denom = n * (k - 1.0) - out.chi2;
  out.ff = denom > 0 ? (n - 1.0) * out.chi2 / denom : std::numeric_limits<double>::infinity();
  out.p_ff = f_sf(out.ff, k - 1.0, (k - 1.0) * (n - 1.0));
  return out;
}

double studentized_range_cdf(double q, int k) {
  if (q <= 0) return 0;
  // P(range of k standard normals <= q) = k ∫ φ(z) [Φ(z+q) − Φ(z)]^(k−1) dz, by Simpson's rule.
  const double lo = -9.0, hi = 9.0;
  const int steps = 3000;
  const double h = (hi - lo) / steps;
  double sum = 0;
  for (int i = 0; i <= steps; ++i) {
    const double z = lo + i * h;
    const double f = normal_pdf(z) * std::pow(normal_cdf(z + q) - normal_cdf(z), k - 1);
    sum += f * (i == 0 || i == steps ? 1.0 : (i % 2 ? 4.0 : 2.0));
  }
  return std::min(1.0, k * sum * h / 3.0);
}

double nemenyi_q(int k, double alpha) {
  if (k < 2) throw ConfigError(fmt::format("the Nemenyi test needs at least 2 methods, got {}", k));
  const double q = solve_increasing([&](double x) { return studentized_range_cdf(x, k); }, 1.0 - alpha, 0.0, 8.0);
  return q / std::sqrt(2.0);
}

double nemenyi_cd(int k, int n, double alpha) {
  return nemenyi_q(k, alpha) * std::sqrt(k * (k + 1.0) / (6.0 * n));
}

}  // namespace logsweep::stats
