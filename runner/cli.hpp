#pragma once
// Command-line parsing for the logsweep sub-commands: each command declares its options once;
// the same table parses, rejects unknown options (with the nearest valid one) and prints help.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace logsweep::cli {

struct Option {
  std::string name;        // "--threads"
  std::string value_name;  // "N"; empty for a flag
  std::string help;
};

struct Command {
  std::string name;                      // "run"
  std::vector<std::string> positionals;  // "CONFIG"; a trailing '?' marks an optional one
  std::string summary;                   // one line for `logsweep --help`
  std::string details;                   // extra paragraph for `logsweep <cmd> --help`
  std::vector<Option> options;           // --help is implicit
};

struct Args {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;  // options with a value
  std::set<std::string> flags;
  bool help = false;

  bool flag(const std::string& name) const { return flags.count(name) != 0; }
  bool has(const std::string& name) const { return values.count(name) != 0; }
  std::string value(const std::string& name, const std::string& def = "") const;
  // Integer option: ConfigError naming the option for a non-integer or a value below `min`.
  long long integer(const std::string& name, long long def, long long min = 0) const;
};

// Parses argv[first..argc). ConfigError for an unknown option (with suggestion), a missing
// value, or a wrong number of positionals. With --help/-h nothing else is checked.
Args parse(const Command& cmd, int argc, char** argv, int first);
std::string help(const Command& cmd);

}  // namespace logsweep::cli
