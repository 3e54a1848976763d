#pragma once
// Typed, schema-checked parameters (the xgboost/LightGBM idea: one schema per component drives
// parsing, validation, defaults per profile and the generated documentation).
//
// A component (a method, the embedder...) declares a ParamSchema once. The runner resolves it
// against the profile ("paper" = the paper's hyper-parameters, "quick" = small sizes for tests
// and the demo) and the user's overrides; unknown keys and ill-typed or out-of-range values are
// ConfigErrors naming the key and the nearest valid one.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/util/errors.hpp"

namespace logsweep {

enum class Profile { Paper, Quick };
Profile parse_profile(const std::string& s, const Location& where = {});
const char* profile_name(Profile p);

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;
std::string param_to_string(const ParamValue& v);

struct ParamSpec {
  std::string name;
  ParamValue paper;        // default under the paper profile (its type is the parameter's type)
  ParamValue quick;        // default under the quick profile
  std::string doc;         // one line: what it is and where the default comes from
  double min = -1e300;     // inclusive bounds for numbers
  double max = 1e300;
  std::vector<std::string> choices;  // allowed values for strings (empty = any)
};

class Params;

// A rule beyond one value's type, range and choices: a value's own format ("10,20": increasing
// epochs) or a relation between parameters (d_model a multiple of heads). `fn` throws
// ConfigError (or returns normally); Params::resolve locates it at the first of `keys` the user
// set, so such mistakes stop the config load instead of failing every job at run time.
struct ParamCheck {
  std::vector<std::string> keys;
  std::function<void(const Params&)> fn;
};

class ParamSchema {
 public:
  explicit ParamSchema(std::string component) : component_(std::move(component)) {}
  // Same default under both profiles.
  ParamSchema& add(std::string name, ParamValue def, std::string doc, double min = -1e300, double max = 1e300);
  // Profile-dependent default.
  ParamSchema& add(std::string name, ParamValue paper, ParamValue quick, std::string doc,
                   double min = -1e300, double max = 1e300);
  ParamSchema& choices(std::vector<std::string> allowed);  // applies to the last added string
  ParamSchema& check(std::vector<std::string> keys, std::function<void(const Params&)> fn);
  const std::string& component() const { return component_; }
  const std::vector<ParamSpec>& specs() const { return specs_; }
  const std::vector<ParamCheck>& checks() const { return checks_; }
  const ParamSpec* find(const std::string& name) const;
  // Markdown table of the schema, for README/--help.
  std::string markdown() const;

 private:
  std::string component_;
  std::vector<ParamSpec> specs_;
  std::vector<ParamCheck> checks_;
};

// One user override: the raw text and where it was written (for error messages).
struct RawParam {
  std::string value;
  Location where;
};

class Params {
 public:
  Params() = default;
  // Throws ConfigError on unknown key (with nearest valid key), bad type or out of range, or
  // when one of the schema's checks fails (located at the first of its keys the user set).
  static Params resolve(const ParamSchema& schema, Profile profile,
                        const std::map<std::string, RawParam>& overrides = {});

  std::int64_t i(const std::string& name) const;
  double r(const std::string& name) const;  // also accepts an int parameter
  bool b(const std::string& name) const;
  const std::string& s(const std::string& name) const;
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  // Test/override helper: set an existing key keeping its type.
  void set(const std::string& name, ParamValue v);

  const std::map<std::string, ParamValue>& values() const { return values_; }
  // "k1=v1;k2=v2" sorted by key: stable text used for job ids and stored with results.
  std::string canonical() const;

 private:
  const ParamValue& get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
};

}  // namespace logsweep
