#pragma once
// The contract between the runner and a detection method.
//
// A method is a named component with a parameter schema (paper defaults + quick profile). The
// runner resolves the parameters, then calls run() once per job with the two prepared datasets.
// run() must be deterministic for a seed on one thread, must never look at target test labels
// except to score the final predictions, and throws JobSkipped when the job cannot run (e.g. the
// target test split has no anomalies).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <c10/core/Device.h>

#include "core/data/dataset.hpp"
#include "core/metrics/method_family.hpp"
#include "core/metrics/metrics.hpp"
#include "core/util/params.hpp"

namespace logsweep {

struct JobInputs {
  const PreparedDataset* source = nullptr;
  const PreparedDataset* target = nullptr;
  double budget = 0.0;       // fraction of the target pool whose labels may be bought, in [0, 1]
  std::uint64_t seed = 0;
  Params params;             // resolved against the method's schema
  bool keep_vectors = false; // return learned log vectors of test windows
  // Where the job computes (the rank's `device`, cluster/device.hpp): the method puts its models
  // and batches there and reads back to the CPU only what it reports.
  c10::Device device = c10::kCPU;
};

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string name() const = 0;
  virtual const ParamSchema& schema() const = 0;
  virtual MethodResult run(const JobInputs& in) const = 0;
  // Relative cost used to hand out slow jobs first, on the scale of width_cost() so that the
  // methods' estimates compare.
  virtual double expected_cost(const JobInputs& /*in*/) const { return 1.0; }
};

// The common scale of expected_cost(): `passes` over `windows` through layers of `width`
// (work grows with width squared); / 1e4 keeps quick-profile jobs near 1e3.
inline double width_cost(double windows, double passes, double width) { return windows * passes * width * width / 1e4; }

// Registry of every method, in listing order; each method file registers itself
// (experiments/registry.hpp).
const std::vector<std::string>& method_names();
// Throws ConfigError listing the valid names (with the nearest one) for an unknown name.
const Method& find_method(const std::string& name);
// Every registered method's family, as its registration declares it.
const MethodFamilies& method_families();
// The methods registered with a Starter position, in that order.
std::vector<std::string> starter_methods();

}  // namespace logsweep
