#pragma once
// The job matrix: data points x pairs x methods x (each method's sweep grid) x budgets x seeds,
// each job with its resolved parameters and a stable id.
//
// Job id = hash of (source, target, method, budget, seed, resolved parameters, keep_vectors,
// both datasets' cache keys, which cover a data point's window/split/embedder). Same config and data -> same ids on every host and run, which is
// what resume keys on; any changed parameter, window/split/embedder setting or log file makes
// the affected jobs new jobs (their old results stay in the store under the old ids).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cluster/config/config.hpp"
#include "core/util/params.hpp"

namespace logsweep {

struct Job {
  std::string id;  // 16 hex digits
  std::string source, target, method;  // the YAML's dataset names (tables group on them)
  std::string data_point;  // the data sweep point, "window.size=10" ("" unswept): see dataset_at()
  double budget = 0;
  std::uint64_t seed = 0;
  Params params;
  std::string variant;   // the method's sweep point, "first_ratio=0.05 round_size=0.01" ("" unswept)
  std::string data_key;  // "<source cache key>:<target cache key>"
  std::string data_settings;  // see data_settings() in config.hpp (stored, not hashed)
  double cost = 1.0;     // Method::expected_cost, for longest-first ordering
  std::string short_name() const;  // "LogAction synthA>synthB b=0.01 s=1" (+ " [variant; point]")
  std::string source_dataset() const { return dataset_at(source, data_point); }  // DatasetPool names
  std::string target_dataset() const { return dataset_at(target, data_point); }
};

// prepared dataset name (dataset_at) -> StageKeys::all of that dataset (see data_keys()).
using DataKeys = std::map<std::string, std::string>;

// The cache key of every used dataset under the config's embedder (settings and the log/label
// files' content digests; a file unchanged since its digest was recorded in cfg.cache_dir is not
// re-read, see core/data/file_digest.hpp; nothing is parsed).
DataKeys data_keys(const ExperimentConfig& cfg);

std::string job_id(const Job& job, bool keep_vectors);

// Expands the matrix in config order (data points, pairs, then methods, their sweep points,
// budgets, seeds).
// Parameters come from cfg.param_grid(). A filter keeps a slice of the matrix (run --only-*):
// the jobs keep their ids, so a sliced run and a later full run share one results file.
struct JobFilter {
  std::string method;           // keep this method's jobs (empty = all)
  std::vector<double> budgets;  // keep these budgets (empty = all); each must be in the config
};
std::vector<Job> expand_jobs(const ExperimentConfig& cfg, const DataKeys& keys, const JobFilter& only = {});

// Longest expected cost first; ties keep matrix order (stable), so ordering is deterministic.
void order_by_cost(std::vector<Job>& jobs);

// Human-readable matrix summary for --dry-run: job count, per-method counts, pairs, budgets,
// seeds, per swept method its axes with their value counts, and the data axes.
std::string describe_matrix(const ExperimentConfig& cfg, const std::vector<Job>& jobs);

}  // namespace logsweep
