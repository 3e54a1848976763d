#pragma once
// The small "key value" text files of the service: a session's session.txt and a detector's
// manifest.txt. The first line names the format and its version; then one "key value" line per
// entry (the value runs to the end of the line). Readable by a person, checked when read: a
// missing key or a bad number is an InputError naming the file, the line and the key.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/util/errors.hpp"

namespace logsweep {

using KeyEntries = std::vector<std::pair<std::string, std::string>>;

// Writes `format`, then the entries in order, to path + ".tmp" and renames it into place, so a
// crash leaves the old file whole. A newline inside a value becomes a space. StorageError when
// the file cannot be written.
void write_key_file(const std::string& path, const std::string& format, const KeyEntries& entries);

class KeyFile {
 public:
  // InputError naming the file when it cannot be opened (`missing` says what to do then), or
  // when its first line is not `format` (naming the format it holds instead).
  static KeyFile read(const std::string& path, const std::string& format, const std::string& missing);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  // InputError at the file, field `key`, when the key is absent.
  const std::string& text(const std::string& key) const;
  // InputError at the key's line when the value is not a number (integer(): a whole one).
  double number(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  // The logsweep version under `key` (its text); InputError at its line, naming both versions
  // and `remedy`, when it is not this build's (LOGSWEEP_VERSION).
  const std::string& same_version(const std::string& key, const std::string& remedy) const;
  // Where a key is (its line), for errors about its value.
  Location where(const std::string& key) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, std::pair<std::string, std::uint64_t>> values_;  // key -> value, line
};

}  // namespace logsweep
