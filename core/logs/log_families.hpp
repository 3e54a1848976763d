#pragma once
// The table of log-format families: one entry per `format` a dataset may name. Everything that
// lists the families reads this table: the readers (readers.cpp), reader_formats(), Drain's
// per-family defaults (core/parsing/drain_defaults.cpp), the `format` doc of the experiment file
// (CONFIG.md), the fuzz target and its seeds (bench/fuzz) and the table-driven reader tests
// (tests/logs/log_families_test.cpp). Adding a family whose rules below already exist is one
// entry in log_families.cpp plus a test of its records.
#include <optional>
#include <string>
#include <vector>

namespace logsweep {

enum class TimeRule {
  None,       // timestamp = line number
  UnixField,  // <Timestamp> holds unix seconds
  DateTime,   // <Date> + <Time> (2015-07-29 17:41:44,747 or 081109 203615), UTC
};
enum class SessionRule {
  None,
  Field,              // the field named by session_field
  HdfsBlock,          // first blk_-?\d+ of the content
  OpenStackInstance,  // the uuid of "[instance: <uuid>]" in the content
};
enum class LabelRuleKind {
  None,         // all normal (unless the dataset gives a label rule or label file)
  AlertTag,     // <Label> != "-" (BGL/Thunderbird alert tag)
  FieldEquals,  // label_field == label_value
  SessionFile,  // the session's label in the dataset's label_file (absent: normal)
};

// Drain settings that differ from DrainParams' own defaults for this family.
struct DrainOverrides {
  std::optional<double> sim_threshold;
  std::optional<int> depth;
  std::vector<std::string> masks;
};

struct LogFamily {
  std::string name;         // the `format` value
  std::string line_format;  // LogPAI log_format string (line_format.hpp); empty = the user's (generic)
  TimeRule time = TimeRule::None;
  SessionRule session = SessionRule::None;
  std::string session_field;  // SessionRule::Field
  LabelRuleKind label = LabelRuleKind::None;
  std::string label_field, label_value;  // LabelRuleKind::FieldEquals
  std::string rules;                     // one line on session and label, for docs
  DrainOverrides drain;                  // with where its values come from, in the .cpp
  std::string loghub_sample;             // folder of ../shared/data holding <it>_2k.log, or empty
  // Well-formed example lines (synthetic), one per '\n': the fuzz seeds and the table test's
  // input. Each reads as one record; the first is anomalous, the others normal, under the
  // family's label rule (none for SessionFile families: all normal without a label file).
  // Generic: the first line is the line_format, read with the rule Level ~ ERROR.
  std::string example;
};

// Every family, in the order docs list them; generic last.
const std::vector<LogFamily>& log_families();
// The family called `name`; ConfigError (field `format`, with the nearest name) when unknown.
const LogFamily& find_log_family(const std::string& name);
// "bgl | thunderbird | ... | generic": the `format` doc of the experiment file.
const std::string& log_family_choices();

}  // namespace logsweep
