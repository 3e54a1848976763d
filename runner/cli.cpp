#include "runner/cli.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "core/util/errors.hpp"
#include "core/util/strings.hpp"

namespace logsweep::cli {

std::string Args::value(const std::string& name, const std::string& def) const {
  auto it = values.find(name);
  return it == values.end() ? def : it->second;
}

long long Args::integer(const std::string& name, long long def, long long min) const {
  auto it = values.find(name);
  if (it == values.end()) return def;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || errno)
    throw ConfigError(fmt::format("option {} expects an integer, got '{}'", name, it->second));
  if (v < min) throw ConfigError(fmt::format("option {} must be at least {}, got {}", name, min, v));
  return v;
}

Args parse(const Command& cmd, int argc, char** argv, int first) {
  Args out;
  std::vector<std::string> names = {"--help"};
  for (const auto& o : cmd.options) names.push_back(o.name);
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      out.help = true;
      return out;
    }
    if (a.size() < 2 || a[0] != '-' || a == "-") {
      out.positionals.push_back(a);
      continue;
    }
    std::string name = a, value;
    bool inline_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    const Option* opt = nullptr;
    for (const auto& o : cmd.options)
      if (o.name == name) opt = &o;
    if (!opt)
      throw ConfigError(fmt::format("unknown option '{}' for '{}'; {}", name, cmd.name, suggest(name, names)));
    if (opt->value_name.empty()) {
      if (inline_value) throw ConfigError(fmt::format("option {} takes no value", name));
      out.flags.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argc) throw ConfigError(fmt::format("option {} needs a value ({})", name, opt->value_name));
      value = argv[++i];
    }
    out.values[name] = value;
  }
  std::size_t required = 0;
  for (const auto& p : cmd.positionals) required += p.empty() || p.back() != '?';
  if (out.positionals.size() < required || out.positionals.size() > cmd.positionals.size()) {
    std::vector<std::string> shown;
    for (const auto& p : cmd.positionals) shown.push_back(p);
    throw ConfigError(fmt::format("'{}' expects {} ({} given); see `logsweep {} --help`", cmd.name,
                                  shown.empty() ? "no arguments" : join(shown, " "), out.positionals.size(),
                                  cmd.name));
  }
  return out;
}

std::string help(const Command& cmd) {
  std::string usage = "usage: logsweep " + cmd.name;
  for (const auto& p : cmd.positionals)
    usage += p.back() == '?' ? " [" + p.substr(0, p.size() - 1) + "]" : " " + p;
  if (!cmd.options.empty()) usage += " [options]";
  std::string out = usage + "\n\n" + cmd.summary + "\n";
  if (!cmd.details.empty()) out += "\n" + cmd.details + "\n";
  out += "\noptions:\n";
  for (const auto& o : cmd.options) {
    std::string left = o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    out += fmt::format("  {:<22} {}\n", left, o.help);
  }
  out += fmt::format("  {:<22} {}\n", "--help", "show this help");
  return out;
}

}  // namespace logsweep::cli
