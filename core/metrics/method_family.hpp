#pragma once
// What a method is to the tables: the method under study (LogAction), one of its ablations, a
// baseline, or the ceiling that reads every target label. Each method declares it where it
// registers (experiments/registry.hpp); the tables (results/report) receive it per method name
// from the runner, which reads the registry, so that no table decides by a method's name.
#include <map>
#include <string>

namespace logsweep {

enum class MethodFamily { Proposed, Ablation, Baseline, Ceiling };

using MethodFamilies = std::map<std::string, MethodFamily>;  // method name -> family

// LogAction or one of its ablations (the ablation and selection layouts); false for a name the
// map does not hold (a method this build does not know).
inline bool proposed_or_ablation(const MethodFamilies& families, const std::string& method) {
  auto it = families.find(method);
  return it != families.end() && (it->second == MethodFamily::Proposed || it->second == MethodFamily::Ablation);
}

}  // namespace logsweep
