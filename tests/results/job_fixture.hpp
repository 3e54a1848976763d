#pragma once
// A stored job record with just what the table and plot tests read: method, resolved parameter
// text, pair BGL -> TB, seed, budget, and P = R = F1 = `f1`.
#include <cstdint>
#include <string>

#include "core/metrics/method_family.hpp"
#include "results/store/record.hpp"

namespace logsweep::test {

inline JobRecord job_record(const std::string& method, const std::string& params, std::uint64_t seed, double f1,
                            double budget) {
  JobRecord j;
  j.id = method + params + std::to_string(seed) + std::to_string(budget);
  j.method = method;
  j.source = "BGL";
  j.target = "TB";
  j.seed = seed;
  j.budget = budget;
  j.params = params;
  j.result.precision = f1;
  j.result.recall = f1;
  j.result.f1 = f1;
  return j;
}

// The families the fixtures' method names have in the registry (what the runner hands the tables).
inline MethodFamilies fixture_families() {
  return {{"LogAction", MethodFamily::Proposed},  {"LogAction_wt", MethodFamily::Ablation},
          {"LogAction_wa", MethodFamily::Ablation}, {"LogAction_wu", MethodFamily::Ablation},
          {"LogAction_we", MethodFamily::Ablation}, {"Supervised", MethodFamily::Ceiling},
          {"MetaLog", MethodFamily::Baseline},      {"DeepLog", MethodFamily::Baseline}};
}

}  // namespace logsweep::test
