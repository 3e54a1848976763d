#pragma once
// Dataset preparation across ranks, and each rank's in-memory datasets.
//
// prepare_all(): dataset i (of cfg.used_datasets(), or all datasets) is prepared by rank
// i % size through the HDF5 cache, then a barrier; afterwards every rank loads from the cache
// (no rank ever rebuilds a dataset another rank is writing). Errors on any rank end the
// preparation on every rank through CollectiveExit (naming the dataset and rank) so that it is printed once.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <mpi.h>

#include "cluster/config/config.hpp"
#include "results/store/dataset_cache.hpp"

namespace logsweep {

// The embedders of a config's datasets, built on first use: one per distinct embedder setting
// (several only when embedder.dim is swept, see config.hpp).
class Embedders {
 public:
  explicit Embedders(const ExperimentConfig& cfg) : cfg_(cfg) {}
  const Embedder& of(const std::string& dataset);  // by prepared name (DatasetEntry::spec.name)

 private:
  const ExperimentConfig& cfg_;
  std::map<std::string, std::unique_ptr<Embedder>> built_;  // EmbedSpec fields -> embedder
};

// An error every rank agreed on (see collectively()): thrown on every rank, with the message on
// rank 0 only, so that each process can print (rank 0) and finalize MPI normally.
struct CollectiveExit {
  int code;             // 2 = config error, 1 = other
  std::string message;  // empty on ranks other than 0
};

// Runs `step` on every rank; if it throws on any rank, every rank throws CollectiveExit with the
// worst exit code and (on rank 0) the messages of all failing ranks. Collective.
void collectively(MPI_Comm comm, const std::function<void()>& step);

// Exit code for an error: 2 for a ConfigError, 1 otherwise.
int exit_code_for(const std::exception& e);

struct PreparedInfo {
  std::string name;
  std::string summary;  // describe_dataset(): a line, plus one per listed malformed line
};

// Collective. Returns (on rank 0) one line per dataset in config order; other ranks get {}.
std::vector<PreparedInfo> prepare_all(const ExperimentConfig& cfg, Embedders& embedders, MPI_Comm comm,
                                      bool only_used);

// Description of a prepared dataset (printed by `prepare` and `run` after a 2-space indent): one
// line of counts (lines, templates, windows, anomalous, unique, cache reuse); for an embedder with
// a fixed vocabulary (glove) "\n    vocabulary: ..." (describe_coverage of the templates); then, when lines
// were malformed, the first kMalformedShown of them as "\n    line N: reason: \"first bytes\""
// (escaped: printable ASCII only) and "\n    ... K more malformed lines not listed".
// The examples come from the cache too, so a run that reuses it lists them as well.
constexpr std::size_t kMalformedShown = 5;
std::string describe_dataset(const PreparedDataset& d, const CacheReport& report, const Embedder& embedder);
std::string describe_malformed(const ReadStats& stats);

// Per-rank datasets kept in memory across jobs, loaded (from the cache) on first use, by
// prepared name (dataset_at(base, point)).
class DatasetPool {
 public:
  DatasetPool(const ExperimentConfig& cfg, Embedders& embedders) : cfg_(cfg), embedders_(embedders) {}
  // `load_seconds` (if given) gets the time spent loading (0 when already in memory).
  const PreparedDataset& get(const std::string& name, double* load_seconds = nullptr);
  // A copy without the per-line arrays: enough for expected-cost estimates, small to keep.
  static PreparedDataset light(const PreparedDataset& d);

 private:
  const ExperimentConfig& cfg_;
  Embedders& embedders_;
  std::map<std::string, std::unique_ptr<PreparedDataset>> loaded_;
};

// Strings from every rank, gathered on rank 0 in rank order (others get {}). Collective.
std::vector<std::string> gather_strings(MPI_Comm comm, const std::string& mine);

}  // namespace logsweep
