#pragma once
// A harder toy target for the LogAction tests: like support/toy_dataset.hpp, but a share of the
// target's anomalies use target-only anomaly events with no direction shared with the source.
// A source-trained detector misses those; only target labels that contain them can teach them,
// which is what separates informed selection from random selection at a tiny budget.
#include <cstdint>
#include <random>
#include <string>

#include "core/data/dataset.hpp"
#include "support/toy_dataset.hpp"

namespace logsweep::testing {

inline PreparedDataset drifted_toy(const std::string& name, std::uint32_t system_seed, int windows,
                                   double anomaly_rate, double novel_share, int window_len = 10, int dim = 16,
                                   int vocab = 12) {
  std::mt19937 rng(system_seed);
  std::normal_distribution<float> g(0.0f, 1.0f);
  PreparedDataset d;
  d.name = name;
  d.cache_key = "drift-" + name + "-" + std::to_string(system_seed);
  const int shared_events = 2, novel_events = 2;
  const int n_events = vocab + shared_events + novel_events;
  d.embeddings = Matrix(n_events, dim);
  std::mt19937 shared(12345);  // same anomaly direction as toy_dataset()
  std::vector<float> anomaly_dir(dim);
  for (auto& v : anomaly_dir) v = std::normal_distribution<float>(0.0f, 1.0f)(shared);
  std::vector<float> novel_dir(dim);  // this system's own anomaly direction
  for (auto& v : novel_dir) v = g(rng);
  for (int e = 0; e < n_events; ++e) {
    d.templates.push_back(name + " event " + std::to_string(e));
    for (int k = 0; k < dim; ++k) {
      float v = 0.5f * g(rng);
      if (e >= vocab && e < vocab + shared_events) v += anomaly_dir[k];
      if (e >= vocab + shared_events) v += novel_dir[k];
      d.embeddings.at(e, k) = v;
    }
  }
  std::bernoulli_distribution is_anom(anomaly_rate), is_novel(novel_share);
  std::uniform_int_distribution<int> normal_ev(0, vocab - 1), pos(0, window_len - 1), pick(0, 1);
  std::vector<std::int32_t> seq(window_len);
  for (int w = 0; w < windows; ++w) {
    const bool a = is_anom(rng);
    for (auto& s : seq) s = normal_ev(rng);
    if (a) seq[pos(rng)] = (is_novel(rng) ? vocab + shared_events : vocab) + pick(rng);
    d.windows.add(seq.data(), seq.size(), a ? 1 : 0, w);
  }
  d.windows.finish();
  assign_split(d.windows, SplitSpec{});
  return d;
}

// The pair the LogAction tests share: a toy source and a drifted target, built once.
struct LogActionToys {
  PreparedDataset source = toy_dataset("src", 1);
  PreparedDataset target = drifted_toy("tgt", 2, 600, 0.1, 0.5);
};
inline const LogActionToys& toys() {
  static const LogActionToys t;
  return t;
}

}  // namespace logsweep::testing
