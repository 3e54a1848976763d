#pragma once
// Two registered method names for test experiments (tests/cluster), LogAction family first.
#include <algorithm>
#include <string>
#include <vector>

#include "experiments/method.hpp"

namespace logsweep::testing {

inline std::vector<std::string> two_methods() {
  std::vector<std::string> out;
  for (const char* m : {"LogAction", "LogAction_wa"})
    if (std::find(method_names().begin(), method_names().end(), m) != method_names().end()) out.push_back(m);
  for (const auto& m : method_names())
    if (out.size() < 2 && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  return out;
}

}  // namespace logsweep::testing
