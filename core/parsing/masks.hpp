#pragma once
// Drain's masking step: each regex in order replaces its matches by "<*>" (Python re.sub
// semantics, as in LogPAI's Drain and Drain3). The masks of the Loghub benchmark settings are
// recognised by their exact regex text and run as hand-written scanners with the same match
// semantics (leftmost, greedy, non-overlapping); any other regex goes through std::regex.
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace logsweep::detail {

class MaskSet {
 public:
  // Throws ConfigError (field 'masks') for a regex std::regex rejects.
  explicit MaskSet(const std::vector<std::string>& regexes);

  // Masked copy of `in`. The result views `in` itself (nothing matched) or one of the two
  // scratch buffers, which the caller keeps across calls to avoid allocations.
  std::string_view apply(std::string_view in, std::string& scratch_a, std::string& scratch_b) const;

  // True when `regex` runs as a built-in scanner (no std::regex in the hot path).
  static bool is_builtin(const std::string& regex);

 private:
  // Length of the match starting at s[i], 0 when none.
  using Matcher = std::size_t (*)(std::string_view s, std::size_t i);
  struct Mask {
    Matcher scan = nullptr;          // built-in, or
    std::shared_ptr<std::regex> re;  // user regex
    bool first[256] = {};            // built-in: characters a match can start with
  };
  static bool run(const Mask& m, std::string_view in, std::string& out);

  std::vector<Mask> masks_;
};

}  // namespace logsweep::detail
