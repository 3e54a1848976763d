#pragma once
// The message of the ConfigError that loading `text` (written as <dir>/exp.yaml) throws; a test
// failure, and "", when it loads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "cluster/config/config.hpp"
#include "experiments/method.hpp"
#include "support/test_support.hpp"

namespace logsweep::testing {

// Whether method `m` is in this build's registry (tests of LogAction settings skip without it).
inline bool registered(const std::string& m) {
  return std::find(method_names().begin(), method_names().end(), m) != method_names().end();
}

inline std::string config_error(const TempDir& dir, const std::string& text) {
  try {
    load_config(dir.write("exp.yaml", text));
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << text;
  return "";
}

}  // namespace logsweep::testing
