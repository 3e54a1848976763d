#pragma once
// Drain online template mining (He et al., ICWS 2017): fixed-depth prefix tree keyed on token
// count then leading tokens, similarity threshold for joining a group, masking regexes applied
// before tokenising. Per-dataset defaults follow ../shared/METHODS.md.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace logsweep {

// Tree rules, similarity (wildcards do not count as matches, ties go to the template with more
// wildcards, join when similarity >= sim_threshold) and max_children overflow follow Drain3.
// Tokens are split on whitespace and `delimiters`; tokens holding digits share the "<*>" branch.
struct DrainParams {
  // Tree depth counting root and length layer (Drain3): 4 = one leading-token layer, 5 = two;
  // any depth <= 3 means no token layer (so LogPAI's Thunderbird "depth 2" keeps its meaning).
  int depth = 4;
  double sim_threshold = 0.5;
  int max_children = 100;
  // Regexes replaced by "<*>" in order before tokenising (Python re.sub semantics). The LogPAI
  // benchmark masks run as hand-written scanners; others use std::regex (slower).
  std::vector<std::string> masks;
  std::string delimiters = " ";     // extra token delimiters besides whitespace
};

// Defaults for a log family (core/logs/log_families.hpp); generic -> DrainParams{}.
// ConfigError (with a suggestion) for an unknown format.
DrainParams drain_defaults(const std::string& format);

class Drain {
 public:
  // ConfigError for sim_threshold outside [0, 1], max_children < 1 or a bad mask regex.
  explicit Drain(DrainParams params);
  ~Drain();
  Drain(Drain&&) noexcept;
  Drain& operator=(Drain&&) noexcept;

  // Adds one message; returns its event (cluster) id, stable for the Drain's lifetime.
  std::int32_t add(std::string_view content);
  // Inference without learning (Drain3's match(), full_search_strategy "never"): the id of the
  // cluster whose template covers the message (every token equal or "<*>"; ties go to the
  // template with more wildcards), -1 when none does. Changes no template. A line the Drain has
  // added matches its cluster's template unless the tree routes it elsewhere since.
  std::int32_t match(std::string_view content);
  // Event id -> current template ("<*>" for variables). Templates may generalise as lines arrive.
  std::vector<std::string> templates() const;
  std::size_t size() const;

  // The whole state (params, tokens, tree, templates) as versioned text, so a Drain trained on
  // one log continues on another exactly as if it had never stopped. Format: drain_state.cpp.
  void save(std::ostream& out) const;
  // InputError (file `name_for_errors`, line, what was expected) for a truncated, malformed,
  // inconsistent or other-version stream; ids are checked, so a corrupt file cannot index out
  // of range.
  static Drain load(std::istream& in, const std::string& name_for_errors);
  // Writes path + ".tmp", then renames: a crash leaves the old file whole. StorageError on failure.
  void save_file(const std::string& path) const;
  // InputError naming `path` when it cannot be opened or read.
  static Drain load_file(const std::string& path);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace logsweep
