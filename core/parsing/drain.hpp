#pragma once
// Drain online template mining (He et al., ICWS 2017): fixed-depth prefix tree keyed on token
// count then leading tokens, similarity threshold for joining a group, masking regexes applied
// before tokenising. Per-dataset defaults follow ../shared/METHODS.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logsweep {

struct DrainParams {
  int depth = 4;                    // tree depth including root and length layer (Drain3 semantics)
  double sim_threshold = 0.5;
  int max_children = 100;
  std::vector<std::string> masks;   // regexes replaced by "<*>" before tokenising
  std::string delimiters = " ";     // extra token delimiters besides whitespace
};

// Defaults for a Loghub family (bgl, thunderbird, zookeeper, hdfs, ...); generic -> DrainParams{}.
DrainParams drain_defaults(const std::string& format);

class Drain {
 public:
  explicit Drain(DrainParams params);
  ~Drain();
  Drain(Drain&&) noexcept;
  Drain& operator=(Drain&&) noexcept;

  // Adds one message; returns its event (cluster) id, stable for the Drain's lifetime.
  std::int32_t add(std::string_view content);
  // Event id -> current template ("<*>" for variables). Templates may generalise as lines arrive.
  std::vector<std::string> templates() const;
  std::size_t size() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace logsweep
