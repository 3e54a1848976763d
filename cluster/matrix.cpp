#include "cluster/matrix.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cluster/prepare.hpp"
#include "core/util/hash.hpp"
#include "core/util/strings.hpp"
#include "experiments/method.hpp"

namespace logsweep {

std::string Job::short_name() const {
  std::string name = fmt::format("{} {}>{} b={} s={}", method, source, target, budget, seed);
  std::string setting = variant;
  if (!data_point.empty()) setting += (setting.empty() ? "" : "; ") + data_point;
  return setting.empty() ? name : name + " [" + setting + "]";
}

DataKeys data_keys(const ExperimentConfig& cfg) {
  Embedders embedders(cfg);
  DataKeys keys;
  for (const auto& name : cfg.used_datasets())
    keys[name] = stage_keys(cfg.dataset(name).spec, embedders.of(name), cfg.cache_dir).all;
  return keys;
}

std::string job_id(const Job& j, bool keep_vectors) {
  Hasher h;
  h.add(std::string_view("logsweep-job-v1"))
      .add(std::string_view(j.source))
      .add(std::string_view(j.target))
      .add(std::string_view(j.method))
      .add(j.budget)
      .add(static_cast<std::int64_t>(j.seed))
      .add(std::string_view(j.params.canonical()))
      .add(static_cast<std::int64_t>(keep_vectors ? 1 : 0))
      .add(std::string_view(j.data_key));
  return h.hex();
}

namespace {

bool same_budget(double a, double b) { return std::abs(a - b) < 1e-12; }

void check_filter(const ExperimentConfig& cfg, const JobFilter& only) {
  if (!only.method.empty() && std::find(cfg.methods.begin(), cfg.methods.end(), only.method) == cfg.methods.end())
    throw ConfigError(fmt::format("--only-method '{}' is not in the config's methods; {}", only.method,
                                  suggest(only.method, cfg.methods)));
  for (double b : only.budgets)
    if (std::none_of(cfg.budgets.begin(), cfg.budgets.end(), [&](double c) { return same_budget(b, c); }))
      throw ConfigError(fmt::format("--only-budget {} is not in the config's budgets", b));
}

bool kept_budget(const JobFilter& only, double budget) {
  return only.budgets.empty() ||
         std::any_of(only.budgets.begin(), only.budgets.end(), [&](double b) { return same_budget(b, budget); });
}

}  // namespace

std::vector<Job> expand_jobs(const ExperimentConfig& cfg, const DataKeys& keys, const JobFilter& only) {
  check_filter(cfg, only);
  auto key_of = [&](const std::string& name) {
    auto it = keys.find(name);
    if (it == keys.end()) throw InternalError(fmt::format("no cache key for dataset '{}'", name));
    return it->second;
  };
  std::vector<Job> jobs;
  for (const auto& point : cfg.data_points)
  for (const auto& pair : cfg.pairs)
    for (const auto& method : cfg.methods) {
      if (!only.method.empty() && method != only.method) continue;
      std::vector<std::string> points;
      const std::vector<Params> grid = cfg.param_grid(method, &points);
      for (std::size_t g = 0; g < grid.size(); ++g)
        for (double budget : cfg.budgets)
          for (std::uint64_t seed : cfg.seeds) {
            if (!kept_budget(only, budget)) continue;
            Job j;
            j.source = pair.source;
            j.target = pair.target;
            j.data_point = point;
            j.method = method;
            j.budget = budget;
            j.seed = seed;
            j.params = grid[g];
            j.variant = points[g];
            // The data point is not hashed on its own: the cache keys cover its settings, so a
            // point equal to the unswept setting keeps the jobs' ids.
            j.data_key = key_of(j.source_dataset()) + ":" + key_of(j.target_dataset());
            j.data_settings = data_settings(cfg.dataset(j.source_dataset()), cfg.dataset(j.target_dataset()));
            j.id = job_id(j, cfg.keep_vectors);
            jobs.push_back(std::move(j));
          }
    }
  return jobs;
}

void order_by_cost(std::vector<Job>& jobs) {
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.cost > b.cost; });
}

namespace {

// "      sweep: 6 parameter sets = first_ratio (3 values: 0.05, 0.1, 0.2) x round_size (2: ...)"
// for a swept method ("" otherwise); its jobs above show the first set's parameters.
std::string describe_axes(const ExperimentConfig& cfg, const std::string& method) {
  const auto axes = cfg.axes_of(method);
  if (axes.empty()) return "";
  std::size_t sets = 1;
  std::vector<std::string> parts;
  for (const SweepAxis* a : axes) {
    sets *= a->values.size();
    std::vector<std::string> values;
    for (const auto& v : a->values) values.push_back(v.value);
    parts.push_back(fmt::format("{} ({} values: {})", a->param, a->values.size(), join(values, ", ")));
  }
  return fmt::format("      sweep: {} parameter sets = {}\n", sets, join(parts, " x "));
}

// "  data sweep: 4 points = window.size (2 values: 10, 20) x embedder.dim (2 values: 32, 64)"
// ("" without data axes): every pair runs at every point.
std::string describe_data_axes(const ExperimentConfig& cfg) {
  if (cfg.data_sweep.empty()) return "";
  std::vector<std::string> parts;
  for (const auto& a : cfg.data_sweep) {
    std::vector<std::string> values;
    for (const auto& v : a.values) values.push_back(v.value);
    parts.push_back(fmt::format("{} ({} values: {})", a.param, a.values.size(), join(values, ", ")));
  }
  return fmt::format("  data sweep: {} points = {}\n", cfg.data_points.size(), join(parts, " x "));
}

}  // namespace

std::string describe_matrix(const ExperimentConfig& cfg, const std::vector<Job>& jobs) {
  std::string out = fmt::format("experiment '{}' ({} profile): {} jobs\n", cfg.name, profile_name(cfg.profile), jobs.size());
  out += fmt::format("  results: {}\n  cache:   {}\n", cfg.output, cfg.cache_dir);
  std::vector<std::string> pairs;
  for (const auto& p : cfg.pairs) pairs.push_back(p.source + " -> " + p.target);
  out += fmt::format("  pairs ({}): {}\n", pairs.size(), join(pairs, ", "));
  std::vector<std::string> budgets, seeds;
  for (double b : cfg.budgets) budgets.push_back(fmt::format("{}", b));
  for (auto s : cfg.seeds) seeds.push_back(std::to_string(s));
  out += fmt::format("  budgets ({}): {}\n", budgets.size(), join(budgets, ", "));
  out += fmt::format("  seeds ({}): {}\n", seeds.size(), join(seeds, ", "));
  out += describe_data_axes(cfg);
  out += "  methods:\n";
  for (const auto& m : cfg.methods) {
    std::size_t n = std::count_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.method == m; });
    if (n == 0) continue;
    std::string params;
    for (const auto& j : jobs)
      if (j.method == m) {
        params = j.params.canonical();
        break;
      }
    out += fmt::format("    {:<16} {:>6} jobs  [{}]\n", m, n, params);
    out += describe_axes(cfg, m);
  }
  return out;
}

}  // namespace logsweep
