#include "core/metrics/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/util/errors.hpp"

namespace logsweep {
namespace {

void check_sizes(std::size_t n, std::size_t other, std::size_t weights, const char* what) {
  if (other != n)
    throw Error(fmt::format("metrics: {} has {} entries but truth has {}", what, other, n));
  if (weights != 0 && weights != n)
    throw Error(fmt::format("metrics: weights has {} entries but truth has {}", weights, n));
}

double weight_at(const std::vector<double>& w, std::size_t i) { return w.empty() ? 1.0 : w[i]; }

}  // namespace

double Confusion::precision() const {
  const auto predicted = tp + fp;
  return predicted == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(predicted);
}

double Confusion::recall() const {
  const auto positives = tp + fn;
  return positives == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(positives);
}

double Confusion::f1() const {
  const double p = precision(), r = recall();
  return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

Confusion confusion(const std::vector<std::int8_t>& truth, const std::vector<std::int8_t>& predicted,
                    const std::vector<double>& weights) {
  check_sizes(truth.size(), predicted.size(), weights.size(), "predicted");
  // Weights are de-duplication counts (integers); sums are rounded once at the end.
  double tp = 0, fp = 0, tn = 0, fn = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double w = weight_at(weights, i);
    const bool t = truth[i] != 0, p = predicted[i] != 0;
    (t ? (p ? tp : fn) : (p ? fp : tn)) += w;
  }
  Confusion c;
  c.tp = std::llround(tp);
  c.fp = std::llround(fp);
  c.tn = std::llround(tn);
  c.fn = std::llround(fn);
  return c;
}

double auc_roc(const std::vector<std::int8_t>& truth, const std::vector<double>& score,
               const std::vector<double>& weights) {
  check_sizes(truth.size(), score.size(), weights.size(), "score");
  std::vector<std::size_t> order(truth.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  // Mann-Whitney form: each positive earns the negative weight strictly below it plus half the
  // negative weight tied with it.
  double neg_below = 0, pos_total = 0, neg_total = 0, pairs = 0;
  for (std::size_t g = 0; g < order.size();) {
    std::size_t end = g;
    double pos_group = 0, neg_group = 0;
    while (end < order.size() && score[order[end]] == score[order[g]]) {
      const std::size_t i = order[end++];
      (truth[i] != 0 ? pos_group : neg_group) += weight_at(weights, i);
    }
    pairs += pos_group * (neg_below + 0.5 * neg_group);
    neg_below += neg_group;
    pos_total += pos_group;
    neg_total += neg_group;
    g = end;
  }
  if (pos_total <= 0 || neg_total <= 0) return std::numeric_limits<double>::quiet_NaN();
  return pairs / (pos_total * neg_total);
}

void MethodResult::score(const std::vector<std::int8_t>& truth, const std::vector<std::int8_t>& predicted,
                         const std::vector<double>& anomaly_score) {
  confusion = logsweep::confusion(truth, predicted);
  precision = confusion.precision();
  recall = confusion.recall();
  f1 = confusion.f1();
  if (!anomaly_score.empty()) auc = auc_roc(truth, anomaly_score);
}

}  // namespace logsweep
