#pragma once
// The methods that experiments/**/*.cpp register (LOGSWEEP_REGISTER_METHOD lines), read from the
// sources in listing order (rank, then name): what the registry must hold once the linker is done.
// A method file the linker dropped (static library, nothing references it) is listed here but
// missing from method_names() / --help-config.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "support/test_support.hpp"

namespace logsweep::testing {

inline std::vector<std::string> methods_registered_in_sources() {
  const std::regex reg(R"(\nLOGSWEEP_REGISTER_METHOD\(\"([^\"]+)\",\s*(-?\d+),)");
  std::vector<std::tuple<int, std::string>> found;
  for (const auto& f : std::filesystem::recursive_directory_iterator(std::string(LOGSWEEP_SOURCE_DIR) + "/experiments")) {
    if (f.path().extension() != ".cpp") continue;
    const std::string text = read_file(f.path().string());
    for (std::sregex_iterator it(text.begin(), text.end(), reg), end; it != end; ++it)
      found.emplace_back(std::stoi((*it)[2]), (*it)[1]);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  for (const auto& [rank, name] : found) names.push_back(name);
  return names;
}

}  // namespace logsweep::testing
