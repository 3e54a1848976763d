#pragma once
// Internal to cluster/config/config*.cpp: the machinery behind the schema table. A mapping is parsed
// by a table of Key<T> (name, type, default, doc, apply); values are read through Val, which
// knows its YAML position and key path, so every error is located (file:line:col + field).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cluster/config/config.hpp"
#include "core/util/strings.hpp"

namespace logsweep::config_detail {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Parsing context and typed scalar readers (every error carries file:line:col and the key path).

struct Ctx {
  std::string file;
  std::string base_dir;
  LoadOptions opts;
  std::string prefix;  // key path of the mapping being parsed ("datasets[1].window")
  WindowSpec default_window;
  SplitSpec default_split;
  ExperimentConfig* cfg = nullptr;
  std::map<std::string, Location> explicit_data;  // "window.size" -> where the YAML sets it (first)

  std::string field(const std::string& key) const { return prefix.empty() ? key : prefix + "." + key; }
  Location at(const YAML::Node& n, const std::string& field_path) const {
    const YAML::Mark m = n.Mark();
    Location l{file, 0, 0, field_path};
    if (m.line >= 0) l.line = static_cast<std::uint64_t>(m.line) + 1;
    if (m.column >= 0) l.column = static_cast<std::uint64_t>(m.column) + 1;
    return l;
  }
};

// A scalar's key path for messages; set by parse_map for the value being applied.
struct Val {
  YAML::Node node;  // a handle (cheap to copy); never a reference into an iterator proxy
  const Ctx& ctx;
  std::string field;
  Location loc() const { return ctx.at(node, field); }
  [[noreturn]] void fail(const std::string& msg) const { throw ConfigError(msg, loc()); }

  std::string str() const {
    if (!node.IsScalar()) fail(fmt::format("'{}' expects a text value", field));
    return node.Scalar();
  }
  std::string choice(const std::vector<std::string>& allowed) const {
    std::string s = str();
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end())
      fail(fmt::format("'{}': '{}' is not allowed; {}", field, s, suggest(s, allowed)));
    return s;
  }
  std::int64_t integer(double lo = -9e18, double hi = 9e18) const {
    std::string s = node.IsScalar() ? node.Scalar() : "";
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (!node.IsScalar() || s.empty() || *end != '\0' || errno)
      fail(fmt::format("'{}' expects an integer, got {}", field, shown()));
    if (v < lo || v > hi) fail(fmt::format("'{}' = {} is outside [{}, {}]", field, v, lo, hi));
    return v;
  }
  double real(double lo = -1e300, double hi = 1e300) const {
    std::string s = node.IsScalar() ? node.Scalar() : "";
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (!node.IsScalar() || s.empty() || *end != '\0' || !std::isfinite(v))
      fail(fmt::format("'{}' expects a number, got {}", field, shown()));
    if (v < lo || v > hi) fail(fmt::format("'{}' = {} is outside [{}, {}]", field, s, lo, hi));
    return v;
  }
  bool boolean() const {
    std::string s = node.IsScalar() ? node.Scalar() : "";
    if (s == "true" || s == "yes" || s == "on" || s == "True") return true;
    if (s == "false" || s == "no" || s == "off" || s == "False") return false;
    fail(fmt::format("'{}' expects true or false, got {}", field, shown()));
  }
  // A path relative to the YAML's directory; optionally it must name an existing file.
  std::string path(bool must_exist, const char* what) const {
    std::string s = str();
    if (s.empty()) fail(fmt::format("'{}' is empty", field));
    fs::path p(s);
    if (p.is_relative()) p = fs::path(ctx.base_dir) / p;
    std::string out = p.lexically_normal().string();
    if (must_exist && ctx.opts.check_files && !fs::is_regular_file(out)) {
      if (fs::is_directory(out))
        throw InputError(fmt::format("{} '{}' is a directory, not a file (resolved to {})", what, s, out), loc());
      throw InputError(fmt::format("{} '{}' does not exist (resolved to {})", what, s, out), loc());
    }
    return out;
  }
  std::vector<std::string> str_list() const {
    if (!node.IsSequence()) fail(fmt::format("'{}' expects a list", field));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(Val{node[i], ctx, fmt::format("{}[{}]", field, i)}.str());
    return out;
  }
  std::string shown() const {
    if (node.IsScalar()) return "'" + node.Scalar() + "'";
    if (node.IsSequence()) return "a list";
    if (node.IsMap()) return "a mapping";
    return "nothing";
  }
};


// ---------------------------------------------------------------------------------------------
// The schema table: per mapping, its keys in application order (later keys may depend on
// earlier ones: drain defaults on format, pairs on datasets), with type/default/doc for the
// generated reference and the function that applies a value.

template <class T>
struct Key {
  const char* name;
  const char* type;
  const char* def;  // nullptr = required
  const char* doc;
  std::function<void(const Val&, T&, Ctx&)> apply;
};

template <class T>
void parse_map(const YAML::Node& node, const std::vector<Key<T>>& keys, T& target, Ctx& ctx,
               const std::string& what) {
  if (!node.IsMap())
    throw ConfigError(fmt::format("'{}' expects a mapping of keys", what.empty() ? "top level" : what),
                      ctx.at(node, what));
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    if (std::find(names.begin(), names.end(), key) == names.end())
      throw ConfigError(fmt::format("unknown key '{}'{}; {}", key, what.empty() ? "" : " in '" + what + "'",
                                    suggest(key, names)),
                        ctx.at(it->first, ctx.field(key)));
    if (!seen.insert(key).second)
      throw ConfigError(fmt::format("key '{}' is given twice", key), ctx.at(it->first, ctx.field(key)));
  }
  for (const auto& k : keys) {
    YAML::Node v = node[k.name];
    if (!v) {
      if (!k.def)
        throw ConfigError(fmt::format("missing required key '{}'{}", k.name, what.empty() ? "" : " in '" + what + "'"),
                          ctx.at(node, ctx.field(k.name)));
      continue;
    }
    k.apply(Val{v, ctx, ctx.field(k.name)}, target, ctx);
  }
}

// Parses a nested mapping with the key path extended by `key`.
template <class T>
void parse_child(const Val& v, const std::vector<Key<T>>& keys, T& target, Ctx& ctx) {
  std::string saved = ctx.prefix;
  ctx.prefix = v.field;
  parse_map(v.node, keys, target, ctx, v.field);
  ctx.prefix = saved;
}

// The key tables of the mappings a data sweep may vary (config.cpp).
const std::vector<Key<WindowSpec>>& window_keys();
const std::vector<Key<SplitSpec>>& split_keys();
const std::vector<Key<EmbedSpec>>& embedder_keys();

// Value parsers shared by several keys (config_values.cpp).
std::vector<double> parse_budgets(const Val& v);        // list, or {from, to, step}
std::vector<std::uint64_t> parse_seeds(const Val& v);   // list, or {count, start}
// `sweep` (config_sweep.cpp): after datasets, methods and method_params, whose values it builds on;
// a data axis replaces c.datasets by one entry per dataset and point.
void parse_sweep(const Val& v, ExperimentConfig& c);

}  // namespace logsweep::config_detail
