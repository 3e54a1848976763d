#pragma once
// Tiny in-memory prepared datasets for model/method unit tests (no files, no Drain).
//
// A "system" has `vocab` normal events plus 2 anomaly events; anomalous windows contain an
// anomaly event. Two systems built with different `system_seed` have different normal
// vocabularies but their anomaly events share a direction in embedding space, mimicking
// "the same anomaly said in other words" across systems.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "core/data/dataset.hpp"

namespace logsweep::testing {

inline PreparedDataset toy_dataset(const std::string& name, std::uint32_t system_seed, int windows = 400,
                                   double anomaly_rate = 0.1, int window_len = 10, int dim = 16, int vocab = 12) {
  std::mt19937 rng(system_seed);
  std::normal_distribution<float> g(0.0f, 1.0f);
  PreparedDataset d;
  d.name = name;
  d.cache_key = "toy-" + name + "-" + std::to_string(system_seed);
  const int n_events = vocab + 2;
  d.embeddings = Matrix(n_events, dim);
  std::mt19937 shared(12345);  // anomaly direction shared by all systems
  std::vector<float> anomaly_dir(dim);
  for (auto& v : anomaly_dir) v = std::normal_distribution<float>(0.0f, 1.0f)(shared);
  for (int e = 0; e < n_events; ++e) {
    d.templates.push_back(name + " event " + std::to_string(e));
    for (int k = 0; k < dim; ++k) {
      float v = 0.5f * g(rng);
      if (e >= vocab) v += anomaly_dir[k];
      d.embeddings.at(e, k) = v;
    }
  }
  std::bernoulli_distribution is_anom(anomaly_rate);
  std::uniform_int_distribution<int> normal_ev(0, vocab - 1), anom_ev(vocab, vocab + 1), pos(0, window_len - 1);
  std::vector<std::int32_t> seq(window_len);
  for (int w = 0; w < windows; ++w) {
    bool a = is_anom(rng);
    for (auto& s : seq) s = normal_ev(rng);
    if (a) seq[pos(rng)] = anom_ev(rng);
    d.windows.add(seq.data(), seq.size(), a ? 1 : 0, w);
  }
  d.windows.finish();
  SplitSpec split;
  assign_split(d.windows, split);
  return d;
}

}  // namespace logsweep::testing
