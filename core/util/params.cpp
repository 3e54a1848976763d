#include "core/util/params.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/util/strings.hpp"

namespace logsweep {

Profile parse_profile(const std::string& s, const Location& where) {
  if (s == "paper") return Profile::Paper;
  if (s == "quick") return Profile::Quick;
  throw ConfigError(fmt::format("unknown profile '{}'; {}", s, suggest(s, {"paper", "quick"})), where);
}

const char* profile_name(Profile p) { return p == Profile::Paper ? "paper" : "quick"; }

std::string param_to_string(const ParamValue& v) {
  struct V {
    std::string operator()(std::int64_t x) const { return std::to_string(x); }
    std::string operator()(double x) const { return fmt::format("{}", x); }
    std::string operator()(bool x) const { return x ? "true" : "false"; }
    std::string operator()(const std::string& x) const { return x; }
  };
  return std::visit(V{}, v);
}

ParamSchema& ParamSchema::add(std::string name, ParamValue def, std::string doc, double min, double max) {
  return add(std::move(name), def, def, std::move(doc), min, max);
}

ParamSchema& ParamSchema::add(std::string name, ParamValue paper, ParamValue quick, std::string doc,
                              double min, double max) {
  if (paper.index() != quick.index())
    throw Error(fmt::format("schema {}: '{}' has different types per profile", component_, name));
  specs_.push_back(ParamSpec{std::move(name), std::move(paper), std::move(quick), std::move(doc), min, max, {}});
  return *this;
}

ParamSchema& ParamSchema::choices(std::vector<std::string> allowed) {
  specs_.back().choices = std::move(allowed);
  return *this;
}

ParamSchema& ParamSchema::added_later() {
  specs_.back().added_later = true;
  return *this;
}

ParamSchema& ParamSchema::check(std::vector<std::string> keys, std::function<void(const Params&)> fn) {
  for (const auto& k : keys)
    if (!find(k)) throw Error(fmt::format("schema {}: check names unknown parameter '{}'", component_, k));
  checks_.push_back(ParamCheck{std::move(keys), std::move(fn)});
  return *this;
}

const ParamSpec* ParamSchema::find(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

std::string ParamSchema::markdown() const {
  std::string out = "| parameter | paper | quick | meaning |\n|---|---|---|---|\n";
  for (const auto& s : specs_) {
    std::string doc = s.doc;
    if (!s.choices.empty()) doc += " (one of: " + join(s.choices, ", ") + ")";
    out += fmt::format("| `{}` | {} | {} | {} |\n", s.name, markdown_cell(param_to_string(s.paper)),
                       markdown_cell(param_to_string(s.quick)), markdown_cell(doc));
  }
  return out;
}

namespace {

ParamValue parse_as(const ParamSpec& spec, const RawParam& raw, const std::string& component) {
  const std::string& t = raw.value;
  auto bad = [&](const char* what) {
    return ConfigError(fmt::format("{} parameter '{}' expects {}, got '{}'", component, spec.name, what, t),
                       raw.where);
  };
  ParamValue out;
  switch (spec.paper.index()) {
    case 0: {
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(t.c_str(), &end, 10);
      if (t.empty() || *end != '\0' || errno) throw bad("an integer");
      out = static_cast<std::int64_t>(v);
      break;
    }
    case 1: {
      char* end = nullptr;
      double v = std::strtod(t.c_str(), &end);
      if (t.empty() || *end != '\0' || !std::isfinite(v)) throw bad("a number");
      out = v;
      break;
    }
    case 2:
      if (t == "true" || t == "1" || t == "yes") out = true;
      else if (t == "false" || t == "0" || t == "no") out = false;
      else throw bad("true or false");
      break;
    default:
      if (!spec.choices.empty()) {
        bool ok = false;
        for (const auto& c : spec.choices) ok = ok || c == t;
        if (!ok)
          throw ConfigError(fmt::format("{} parameter '{}': '{}' is not allowed; {}", component, spec.name, t,
                                        suggest(t, spec.choices)),
                            raw.where);
      }
      out = t;
  }
  double num = 0;
  if (auto* p = std::get_if<std::int64_t>(&out)) num = static_cast<double>(*p);
  if (auto* p = std::get_if<double>(&out)) num = *p;
  if ((out.index() == 0 || out.index() == 1) && (num < spec.min || num > spec.max))
    throw ConfigError(fmt::format("{} parameter '{}' = {} is outside [{}, {}]", component, spec.name, t,
                                  spec.min, spec.max),
                      raw.where);
  return out;
}

// Runs one schema check; its error names the component and the parameter and points at the
// first of the check's keys the user wrote (the defaults alone must always pass).
void run_check(const ParamCheck& c, const Params& p, const std::string& component,
               const std::map<std::string, RawParam>& overrides) {
  try {
    c.fn(p);
  } catch (const ConfigError& e) {
    Location where;
    std::string key = c.keys.empty() ? "" : c.keys.front();
    for (const auto& k : c.keys) {
      auto it = overrides.find(k);
      if (it != overrides.end()) {
        where = it->second.where;
        key = k;
        break;
      }
    }
    if (where.field.empty()) where.field = key;
    throw ConfigError(fmt::format("{} parameter '{}': {}", component, key, e.message()), where);
  }
}

}  // namespace

Params Params::resolve(const ParamSchema& schema, Profile profile, const std::map<std::string, RawParam>& overrides) {
  Params p;
  for (const auto& s : schema.specs()) {
    p.values_[s.name] = profile == Profile::Paper ? s.paper : s.quick;
    if (s.added_later) p.later_defaults_[s.name] = p.values_[s.name];
  }
  std::vector<std::string> names;
  for (const auto& s : schema.specs()) names.push_back(s.name);
  for (const auto& [key, raw] : overrides) {
    const ParamSpec* spec = schema.find(key);
    if (!spec)
      throw ConfigError(fmt::format("unknown {} parameter '{}'; {}", schema.component(), key, suggest(key, names)),
                        raw.where);
    p.values_[key] = parse_as(*spec, raw, schema.component());
  }
  for (const auto& c : schema.checks()) run_check(c, p, schema.component(), overrides);
  return p;
}

const ParamValue& Params::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw InternalError("parameter '" + name + "' is not in the schema");
  return it->second;
}

std::int64_t Params::i(const std::string& name) const {
  const auto& v = get(name);
  if (auto* p = std::get_if<std::int64_t>(&v)) return *p;
  throw InternalError("parameter '" + name + "' is not an integer");
}

double Params::r(const std::string& name) const {
  const auto& v = get(name);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  throw InternalError("parameter '" + name + "' is not a number");
}

bool Params::b(const std::string& name) const {
  const auto& v = get(name);
  if (auto* p = std::get_if<bool>(&v)) return *p;
  throw InternalError("parameter '" + name + "' is not a boolean");
}

const std::string& Params::s(const std::string& name) const {
  const auto& v = get(name);
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  throw InternalError("parameter '" + name + "' is not a string");
}

void Params::set(const std::string& name, ParamValue v) {
  const auto& old = get(name);
  if (old.index() != v.index()) throw InternalError("parameter '" + name + "' set with another type");
  values_[name] = std::move(v);
}

std::string Params::canonical() const {
  std::string out;
  for (const auto& [k, v] : values_) {
    auto later = later_defaults_.find(k);
    if (later != later_defaults_.end() && later->second == v) continue;
    if (!out.empty()) out += ';';
    out += k + '=' + param_to_string(v);
  }
  return out;
}

}  // namespace logsweep
