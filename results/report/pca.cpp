#include <cmath>

#include "results/report/plots.hpp"

namespace logsweep {

namespace {

// w = Xc^T (Xc v) / (n - 1), with Xc the column-centred x; avoids forming the covariance.
std::vector<double> cov_times(const Matrix& x, const std::vector<double>& mean, const std::vector<double>& v) {
  std::vector<double> w(x.cols, 0.0);
  for (std::size_t r = 0; r < x.rows; ++r) {
    const float* row = x.row(r);
    double dot = 0;
    for (std::size_t c = 0; c < x.cols; ++c) dot += (row[c] - mean[c]) * v[c];
    for (std::size_t c = 0; c < x.cols; ++c) w[c] += dot * (row[c] - mean[c]);
  }
  double denom = x.rows > 1 ? static_cast<double>(x.rows - 1) : 1.0;
  for (double& e : w) e /= denom;
  return w;
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double e : v) s += e * e;
  return std::sqrt(s);
}

}  // namespace

Pca pca(const Matrix& x, std::size_t k, int max_iterations) {
  Pca out;
  const std::size_t d = x.cols;
  k = std::min(k, d);
  out.components = Matrix(k, d);
  out.projected = Matrix(x.rows, k);
  std::vector<double> mean(d, 0.0);
  for (std::size_t r = 0; r < x.rows; ++r)
    for (std::size_t c = 0; c < d; ++c) mean[c] += x.at(r, c);
  for (double& m : mean) m /= x.rows ? static_cast<double>(x.rows) : 1.0;
  for (std::size_t c = 0; c < d; ++c) {
    double s = 0;
    for (std::size_t r = 0; r < x.rows; ++r) s += (x.at(r, c) - mean[c]) * (x.at(r, c) - mean[c]);
    out.total_variance += x.rows > 1 ? s / (x.rows - 1) : 0.0;
  }
  std::vector<std::vector<double>> found;
  for (std::size_t comp = 0; comp < k; ++comp) {
    // Deterministic, non-symmetric start so it is unlikely to be orthogonal to the answer.
    std::vector<double> v(d);
    for (std::size_t c = 0; c < d; ++c) v[c] = 1.0 + 0.1 * std::sin(1.0 + 3.7 * static_cast<double>(c + comp));
    auto deflate = [&](std::vector<double>& w) {
      for (const auto& f : found) {
        double dot = 0;
        for (std::size_t c = 0; c < d; ++c) dot += w[c] * f[c];
        for (std::size_t c = 0; c < d; ++c) w[c] -= dot * f[c];
      }
    };
    deflate(v);
    double n0 = norm(v);
    if (n0 > 0)
      for (double& e : v) e /= n0;
    double lambda = 0;
    for (int it = 0; it < max_iterations; ++it) {
      std::vector<double> w = cov_times(x, mean, v);
      deflate(w);
      lambda = norm(w);
      if (lambda <= 1e-300) break;  // no variance left in the remaining directions
      double change = 0;
      for (std::size_t c = 0; c < d; ++c) {
        double nv = w[c] / lambda;
        change += (nv - v[c]) * (nv - v[c]);
        v[c] = nv;
      }
      if (change < 1e-24) break;
    }
    if (lambda <= 1e-300) std::fill(v.begin(), v.end(), 0.0);
    std::size_t big = 0;
    for (std::size_t c = 1; c < d; ++c)
      if (std::fabs(v[c]) > std::fabs(v[big])) big = c;
    if (d && v[big] < 0)
      for (double& e : v) e = -e;
    for (std::size_t c = 0; c < d; ++c) out.components.at(comp, c) = static_cast<float>(v[c]);
    out.variance.push_back(lambda);
    found.push_back(v);
  }
  for (std::size_t r = 0; r < x.rows; ++r)
    for (std::size_t comp = 0; comp < k; ++comp) {
      double s = 0;
      for (std::size_t c = 0; c < d; ++c) s += (x.at(r, c) - mean[c]) * found[comp][c];
      out.projected.at(r, comp) = static_cast<float>(s);
    }
  return out;
}

}  // namespace logsweep
