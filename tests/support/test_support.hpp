#pragma once
// Shared test helpers: scratch directories and the read-only Loghub samples.
#include <cstddef>
#include <string>

namespace logsweep::testing {

// A fresh directory removed (recursively) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes `content` to file(name) and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// ../shared/data/<relative>; tests that need it call GTEST_SKIP() when it is absent.
std::string shared_data(const std::string& relative);
bool shared_data_available();
std::string read_file(const std::string& path);
// How often `what` occurs in `s` (overlapping occurrences count): SVG elements, CSV fields.
std::size_t count_occurrences(const std::string& s, const std::string& what);

}  // namespace logsweep::testing
