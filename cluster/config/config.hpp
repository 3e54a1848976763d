#pragma once
// The experiment YAML: one file names datasets, (source -> target) pairs, methods, label
// budgets and seeds. One schema table (config.cpp) drives parsing, checking and the generated
// reference (`logsweep run --help-config`, config_reference()).
//
//   name: demo
//   profile: quick                 # paper | quick: the methods' default hyper-parameters
//   output: out/results.h5         # relative paths resolve against the YAML file's directory
//   cache_dir: out/cache
//   device: auto                   # auto | cpu | cuda | cuda:N (core/util/device.hpp); run --device overrides
//   embedder: {kind: hashed, dim: 300, path: ..., interpretations: ...}
//   defaults:                      # window/split for every dataset unless it overrides a key
//     window: {kind: fixed, size: 20, step: 1}
//     split: {kind: chronological, train_ratio: 0.7, gap_ratio: 0.0, max_windows: 100000}
//   datasets:
//     - name: synthA               # [A-Za-z0-9_.-]+, unique; also the cache file name
//       format: bgl                # reader format (core/logs/reader.hpp)
//       path: data/synthA.log
//       label_file, line_format, label_field, label_regex, strict, skip_lines, max_lines  # optional
//       drain: {depth, sim_threshold, max_children, masks: [...], delimiters}  # optional
//       window: {...}  split: {...}                                 # per-key overrides
//   pairs: all                     # all ordered pairs, or [[A, B], ...] or [{source: A, target: B}]
//   allow_same_pair: false
//   methods: [LogAction, LogAction_wa]
//   budgets: [0, 0.01, 0.02]       # or {from: 0, to: 0.05, step: 0.005}
//   seeds: [0, 1, 2]               # or {count: 5} (= 0..4) or {count: 5, start: 10}
//   keep_vectors: false
//   method_params: {LogAction: {epochs: 10}}
//   sweep: {LogAction.first_ratio: [0.05, 0.1, 0.2], LogAction.round_size: [0.005, 0.01]}
//
// A sweep makes method parameters axes of the matrix: each method runs once per point of the
// grid of its own axes (above: 3 x 2 parameter sets of LogAction, each x pairs x budgets x
// seeds); methods without axes run once. Job ids depend on the resolved parameters only, so a
// swept value equal to what the job had before keeps the job's id (and its stored result).
// Dataset settings can be axes too: `sweep: {window.size: [10, 20], embedder.dim: [32, 64]}`
// (any window.* or split.* key, and embedder.dim) prepares every dataset once per point of that
// grid (each point its own cache file, "<name>@window.size=10;embedder.dim=32") and runs every
// pair at every point. A data axis may not also be set in defaults, a dataset entry or embedder.
//
// Errors are ConfigErrors located at file:line:col (1-based) of the offending key or value: a
// YAML syntax error, an unknown key (with the nearest valid one), a bad type or range, an
// unknown method/dataset, a duplicate pair... Missing log/label/embedding files are InputErrors
// naming the file and the YAML line that names it.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/embedding/embedder.hpp"
#include "core/util/device.hpp"
#include "core/util/errors.hpp"
#include "core/util/params.hpp"

namespace logsweep {

struct DatasetEntry {
  DatasetSpec spec;   // paths already resolved against the YAML's directory; spec.name = at(base, point)
  Location where;     // the dataset's entry in the YAML
  std::string base;   // the name in the YAML (pairs and tables use it)
  std::string point;  // its data sweep point ("window.size=10;embedder.dim=32"), "" when not swept
  EmbedSpec embedder; // the config's embedder with this point's embedder.* values
};

// The prepared-dataset name of dataset `base` at data sweep point `point` ("base" unswept,
// else "base@point"): the name of its cache file and of DatasetPool entries.
std::string dataset_at(const std::string& base, const std::string& point);

// Every dataset setting a data sweep can vary, as "key=value;..." in a fixed order (window.*,
// split.*, embedder.dim): stored with each job, so that an axis added later finds the value its
// earlier jobs ran with. A key whose source and target values differ reads "source>target".
std::string data_settings(const DatasetEntry& source, const DatasetEntry& target);

struct PairEntry {
  std::string source, target;
  Location where;
};

// One sweep axis: a method parameter (or, with method "", a dataset setting) and the values it
// takes, in YAML order.
struct SweepAxis {
  std::string method, param;
  std::vector<RawParam> values;  // as written, each located at its value
  Location where;                // the "Method.param" key
};

struct ExperimentConfig {
  std::string file;        // the YAML's path as given
  std::string base_dir;    // directory relative paths were resolved against
  std::string name;
  Profile profile = Profile::Quick;
  std::string output;      // results file
  std::string cache_dir;   // dataset cache directory
  DeviceRequest device;    // where jobs compute (auto by default); chosen per rank at run time
  Location device_where;   // the YAML's `device` value or the --device option (for errors)
  EmbedSpec embedder;
  // One entry per dataset and data sweep point (points outermost, then YAML order); without a
  // data sweep, one per YAML entry with point "".
  std::vector<DatasetEntry> datasets;
  std::vector<PairEntry> pairs;
  bool allow_same_pair = false;
  std::vector<std::string> methods;
  std::vector<double> budgets;
  std::vector<std::uint64_t> seeds;
  bool keep_vectors = false;
  // method -> parameter -> raw override (checked against the method's schema at load time).
  std::map<std::string, std::map<std::string, RawParam>> method_params;
  std::vector<SweepAxis> sweep;  // in YAML order (checked at load time, every grid point too)
  std::vector<SweepAxis> data_sweep;    // window.* / split.* / embedder.dim axes, in YAML order
  std::vector<std::string> data_points = {""};  // each point of the data sweep grid, first axis outermost

  const DatasetEntry& dataset(const std::string& name) const;  // by spec.name; Error if absent
  // Datasets (spec.name, every data point) whose base appears in a pair, in `datasets` order.
  std::vector<std::string> used_datasets() const;
  // The resolved parameters of `method` under this config's profile and overrides (no sweep).
  Params params_for(const std::string& method) const;
  // The sweep axes of `method`, in YAML order (empty: not swept).
  std::vector<const SweepAxis*> axes_of(const std::string& method) const;
  // One parameter set per point of `method`'s sweep grid (the first axis outermost); without
  // axes, {params_for(method)}. `points` (if given) gets each point as "param=value ...".
  std::vector<Params> param_grid(const std::string& method, std::vector<std::string>* points = nullptr) const;
};

struct LoadOptions {
  bool check_files = true;  // InputError for missing log/label/embedder files
};

// Reads and checks an experiment YAML. Throws ConfigError / InputError as described above.
ExperimentConfig load_config(const std::string& path, const LoadOptions& opts = {});
// Same from text; `file` is used in messages, relative paths resolve against `base_dir`.
ExperimentConfig parse_config(const std::string& yaml_text, const std::string& file, const std::string& base_dir,
                              const LoadOptions& opts = {});

// Markdown reference of every key (generated from the schema table) plus the methods' schemas.
std::string config_reference(bool with_method_params = true);

}  // namespace logsweep
