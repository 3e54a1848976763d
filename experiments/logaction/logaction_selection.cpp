#include "experiments/logaction/logaction_selection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/models/common_train.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep {
namespace {

// Positions sorted by key (descending when `descending`), ties by position.
std::vector<std::int64_t> ranked(const std::vector<double>& key, const std::vector<std::int64_t>& among,
                                 bool descending) {
  std::vector<std::int64_t> out = among;
  std::stable_sort(out.begin(), out.end(), [&](std::int64_t a, std::int64_t b) {
    return descending ? key[a] > key[b] : key[a] < key[b];
  });
  return out;
}

std::vector<std::int64_t> head_sorted(std::vector<std::int64_t> v, std::int64_t k) {
  v.resize(std::min<std::size_t>(v.size(), static_cast<std::size_t>(std::max<std::int64_t>(k, 0))));
  std::sort(v.begin(), v.end());
  return v;
}

// ceil that forgives floating-point noise (0.02 / 0.01 = 2.0000000000000004 is 2 rounds, not 3).
std::int64_t tolerant_ceil(double x) { return static_cast<std::int64_t>(std::ceil(x - 1e-9)); }

}  // namespace

torch::Tensor as_logits(const torch::Tensor& outputs, EnergyReading reading) {
  return reading == EnergyReading::Outputs ? -outputs : outputs;
}

torch::Tensor free_energy(const torch::Tensor& logits, double beta) {
  return -beta * torch::logsumexp(logits / beta, 1);
}

void EadaAlignment::observe_source(const torch::Tensor& source_logits, const torch::Tensor& weight, double beta,
                                   double lambda) {
  const auto f = free_energy(source_logits.detach(), beta);
  const double mean_f = ((f * weight).sum() / weight.sum()).item<double>();
  delta_ = set_ ? lambda * delta_ + (1 - lambda) * mean_f : mean_f;
  set_ = true;
}

torch::Tensor EadaAlignment::loss(const torch::Tensor& target_logits, const torch::Tensor& weight, double beta) const {
  auto f = free_energy(target_logits, beta);
  return ((f - delta_).clamp_min(0) * weight).sum() / weight.sum();
}

torch::Tensor energy_margin(const torch::Tensor& logits) {
  auto top2 = std::get<0>(logits.topk(2, 1, /*largest=*/true, /*sorted=*/true));
  return top2.select(1, 0) - top2.select(1, 1);
}

std::vector<std::int64_t> select_round(SelectionRule rule, const std::vector<double>& energy,
                                       const std::vector<double>& margin, std::int64_t first_k,
                                       std::int64_t k, std::mt19937_64& rng) {
  const auto n = static_cast<std::int64_t>(std::max(energy.size(), margin.size()));
  if (rule != SelectionRule::Random && energy.size() != margin.size())
    throw Error(fmt::format("select_round: {} energies but {} margins", energy.size(), margin.size()));
  k = std::clamp<std::int64_t>(k, 0, n);
  std::vector<std::int64_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  switch (rule) {
    case SelectionRule::EnergyOnly:
      return head_sorted(ranked(energy, all, true), k);
    case SelectionRule::UncertaintyOnly:
      return head_sorted(ranked(margin, all, false), k);
    case SelectionRule::Random: {
      // Partial Fisher-Yates: the first k of a seeded permutation.
      for (std::int64_t i = 0; i < k; ++i) std::swap(all[i], all[i + static_cast<std::int64_t>(rng() % (n - i))]);
      return head_sorted(all, k);
    }
    case SelectionRule::TwoStep: {
      auto first = ranked(energy, all, true);
      first.resize(std::clamp<std::int64_t>(first_k, k, n));
      std::sort(first.begin(), first.end());  // ties in the second step break by position
      return head_sorted(ranked(margin, first, false), k);
    }
  }
  return {};
}

SelectionThresholds selection_thresholds(SelectionRule rule, const std::vector<double>& energy,
                                         const std::vector<double>& margin, std::int64_t first_k,
                                         const std::vector<std::int64_t>& picked) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  SelectionThresholds t{none, none};
  if (picked.empty() || rule == SelectionRule::Random) return t;
  // The extreme value of v over the bought positions: the cut-off a one-key step applied.
  auto extreme_picked = [&](const std::vector<double>& v, bool largest) {
    double out = v[static_cast<std::size_t>(picked.front())];
    for (auto p : picked) {
      const double x = v[static_cast<std::size_t>(p)];
      out = largest ? std::max(out, x) : std::min(out, x);
    }
    return out;
  };
  if (rule == SelectionRule::EnergyOnly) t.energy = extreme_picked(energy, false);
  if (rule == SelectionRule::UncertaintyOnly || rule == SelectionRule::TwoStep) t.margin = extreme_picked(margin, true);
  if (rule == SelectionRule::TwoStep) {
    // The energy step kept the clamp(first_k, k, n) highest F: its cut-off is that order statistic.
    const auto n = static_cast<std::int64_t>(energy.size());
    const auto kept = std::clamp<std::int64_t>(first_k, static_cast<std::int64_t>(picked.size()), n);
    std::vector<double> sorted = energy;
    std::nth_element(sorted.begin(), sorted.begin() + (kept - 1), sorted.end(), std::greater<double>());
    t.energy = sorted[static_cast<std::size_t>(kept - 1)];
  }
  return t;
}

std::vector<std::int64_t> round_sizes(double budget, double round_size, std::int64_t pool_size) {
  if (budget <= 0 || pool_size <= 0) return {};
  if (round_size <= 0) throw ConfigError("round_size must be > 0", Location{"", 0, 0, "round_size"});
  const std::int64_t total = labels_for_budget(budget, pool_size);
  const std::int64_t rounds = tolerant_ceil(budget / round_size);
  std::vector<std::int64_t> out;
  std::int64_t bought = 0;
  for (std::int64_t r = 0; r < rounds; ++r) {
    const double frac = std::min(static_cast<double>(r + 1) * round_size, budget);
    const std::int64_t cum = std::min(total, share_of(frac, pool_size));
    out.push_back(cum - bought);
    bought = cum;
  }
  return out;
}

RoundPlan periodic_rounds(int n_rounds, int every, int after_last, int no_round_epochs) {
  if (every < 1) throw ConfigError("round_every must be >= 1", Location{"", 0, 0, "round_every"});
  if (after_last < 1)
    throw ConfigError("epochs_after_last_round must be >= 1", Location{"", 0, 0, "epochs_after_last_round"});
  RoundPlan plan;
  for (int r = 1; r <= n_rounds; ++r) plan.rounds.push_back(r * every);
  plan.epochs = plan.rounds.empty() ? no_round_epochs : plan.rounds.back() + after_last;
  return plan;
}

std::vector<int> round_schedule(int n_rounds, const std::vector<int>& listed, int epochs) {
  if (n_rounds <= 0) return {};
  if (listed.empty()) throw ConfigError("round_epochs is empty", Location{"", 0, 0, "round_epochs"});
  std::vector<int> out(listed.begin(), listed.begin() + std::min<std::size_t>(listed.size(), n_rounds));
  const int gap = listed.size() >= 2 ? listed.back() - listed[listed.size() - 2] : 1;
  while (static_cast<int>(out.size()) < n_rounds) out.push_back(out.back() + std::max(gap, 1));
  const int last_allowed = std::max(epochs - 1, 1);
  if (out.back() > last_allowed) {
    const int first = std::min(listed.front(), last_allowed);
    for (int r = 0; r < n_rounds; ++r)
      out[r] = n_rounds == 1 ? first
                             : first + static_cast<int>(std::lround(static_cast<double>(r) * (last_allowed - first) /
                                                                    (n_rounds - 1)));
  }
  return out;
}

std::vector<int> parse_epoch_list(const std::string& text, const std::string& name) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const std::string piece = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    const long v = std::strtol(piece.c_str(), &end, 10);
    if (piece.empty() || *end != '\0' || v < 1)
      throw ConfigError(fmt::format("'{}' is not a comma-separated list of epochs >= 1", text), Location{"", 0, 0, name});
    if (!out.empty() && v <= out.back())
      throw ConfigError(fmt::format("epochs in '{}' must increase", text), Location{"", 0, 0, name});
    out.push_back(static_cast<int>(v));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace logsweep
