#pragma once
// Typed, schema-checked parameters (the xgboost/LightGBM idea: one schema per component drives
// parsing, validation, defaults per profile and the generated documentation).
//
// A component (a method, the embedder...) declares a ParamSchema once. The runner resolves it
// against the profile ("paper" = the paper's hyper-parameters, "quick" = small sizes for tests
// and the demo) and the user's overrides; unknown keys and ill-typed or out-of-range values are
// ConfigErrors naming the key and the nearest valid one.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
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
  ParamValue paper;     // default under the paper profile (its type is the parameter's type)
  ParamValue quick;     // default under the quick profile
  std::string doc;      // one line: what it is and where the default comes from
  double min = -1e300;  // inclusive bounds for numbers
  double max = 1e300;
  std::vector<std::string> choices;  // allowed values for strings (empty = any)
  // A parameter added after results were stored: at its profile default it is left out of the
  // canonical text, so every stored job id stays valid (cluster/matrix.hpp hashes that text).
  bool added_later = false;
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
  ParamSchema& add(std::string name, ParamValue paper, ParamValue quick, std::string doc, double min = -1e300,
                   double max = 1e300);
  ParamSchema& choices(std::vector<std::string> allowed);  // applies to the last added string
  ParamSchema& added_later();  // marks the last added parameter (ParamSpec::added_later)
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
  // The stored value of `name`; InternalError when it is not there (another component's Params).
  const ParamValue& value(const std::string& name) const { return get(name); }
  // "k1=v1;k2=v2" sorted by key: stable text used for job ids and stored with results. A
  // parameter added later (ParamSpec::added_later) appears only when it differs from its default.
  std::string canonical() const;

 private:
  const ParamValue& get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
  std::map<std::string, ParamValue> later_defaults_;  // added-later parameters' profile defaults
};

// ---------------------------------------------------------------------------------------------
// Typed parameters: a component's parameters are the members of one aggregate struct, each
// declared once (name, member, paper and quick defaults, doc, bounds, choices, checks). The
// declaration yields both the ParamSchema (what the runner resolves, documents and hashes: the
// same text as a hand-written schema) and the binder Params -> struct:
//
//   struct DeepLogParams {
//     std::int64_t history;
//     ShortWindows short_windows;
//   };
//   const TypedSchema<DeepLogParams>& deeplog_params() {
//     static const auto t = ParamFields<DeepLogParams>("DeepLog")
//         .add("history", &DeepLogParams::history, 10, 4, "events of history (paper: 10)", 1, 1000)
//         .add("short_windows", &DeepLogParams::short_windows, parse_short_windows, "pad_end", "...")
//         .choices({"pad_end", "pad_start"})
//         .build();
//     return t;
//   }
//   ... const DeepLogParams p = deeplog_params().bind(in.params);
//
// Contract:
//  - a member is stored as itself when it is std::int64_t, double, bool or std::string; an int
//    member is stored as an integer and must have bounds inside int's range; any other member
//    type names a converter `M convert(const S&)` from its stored type S. A converter throws
//    ConfigError for a bad value; it also runs when the config loads (a check of its key), so a
//    malformed value stops the load, located at the user's line;
//  - build() throws InternalError unless every member of the struct has exactly one field (the
//    member count is the aggregate's; members must be scalars, enums, strings or vectors), names
//    are unique, int bounds fit, and no field follows a check;
//  - checks see the bound struct and run after the converters, in declaration order.

namespace param_detail {

template <class X>
struct same {
  using type = X;
};
template <class X>
using same_t = typename same<X>::type;  // blocks deduction: defaults take the member's type

template <class S>
constexpr bool is_stored_v = std::is_same_v<S, std::int64_t> || std::is_same_v<S, double> || std::is_same_v<S, bool> ||
                             std::is_same_v<S, std::string>;

// Converts to any member type; only named in unevaluated brace-initialisation, to count members.
struct AnyMember {
  template <class U>
  operator U() const;
};

template <class T, class... A>
constexpr auto braces(int) -> decltype(void(T{std::declval<A>()...}), true) {
  return true;
}
template <class T, class... A>
constexpr bool braces(long) {
  return false;
}

// Number of members of the aggregate T: the longest brace list T accepts.
template <class T, class... A>
constexpr std::size_t aggregate_members() {
  if constexpr (sizeof...(A) > 256 || !braces<T, A..., AnyMember>(0))
    return sizeof...(A);
  else
    return aggregate_members<T, A..., AnyMember>();
}

template <class M>
ParamValue to_stored(const M& v) {
  if constexpr (std::is_same_v<M, int>)
    return static_cast<std::int64_t>(v);
  else
    return v;
}

template <class M>
M from_stored(const ParamValue& v, const std::string& name) {
  using S = std::conditional_t<std::is_same_v<M, int>, std::int64_t, M>;
  const S* p = std::get_if<S>(&v);
  if (!p) throw InternalError("parameter '" + name + "' has another type than its member");
  return static_cast<M>(*p);
}

}  // namespace param_detail

template <class T>
class TypedSchema;

// Declares the fields of T, then build() checks the declaration and returns the TypedSchema.
template <class T>
class ParamFields {
  static_assert(std::is_aggregate_v<T> && !std::is_polymorphic_v<T>, "typed parameters live in a plain struct");

 public:
  explicit ParamFields(std::string component) : schema_(std::move(component)) {}

  // A member stored as itself (or an int stored as an integer), same default under both profiles.
  template <class M>
  ParamFields& add(std::string name, M T::*member, param_detail::same_t<M> def, std::string doc, double min = -1e300,
                   double max = 1e300) {
    return add(std::move(name), member, def, def, std::move(doc), min, max);
  }
  // ... with a default per profile.
  template <class M>
  ParamFields& add(std::string name, M T::*member, param_detail::same_t<M> paper, param_detail::same_t<M> quick,
                   std::string doc, double min = -1e300, double max = 1e300) {
    static_assert(param_detail::is_stored_v<M> || std::is_same_v<M, int>,
                  "this member type needs a converter from its stored value");
    if constexpr (std::is_same_v<M, int>)
      if (min < INT_MIN || max > INT_MAX)
        throw InternalError("schema " + schema_.component() + ": int parameter '" + name + "' needs bounds inside int");
    schema_.add(name, param_detail::to_stored(paper), param_detail::to_stored(quick), std::move(doc), min, max);
    record(name, member,
           [member, name](const ParamValue& v, T& t) { t.*member = param_detail::from_stored<M>(v, name); });
    return *this;
  }
  // A member of another type, converted from its stored value S by `convert`; same default
  // under both profiles.
  template <class M, class S>
  ParamFields& add(std::string name, M T::*member, M (*convert)(const S&), param_detail::same_t<S> def, std::string doc,
                   double min = -1e300, double max = 1e300) {
    return add(std::move(name), member, convert, def, def, std::move(doc), min, max);
  }
  // ... with a default per profile.
  template <class M, class S>
  ParamFields& add(std::string name, M T::*member, M (*convert)(const S&), param_detail::same_t<S> paper,
                   param_detail::same_t<S> quick, std::string doc, double min = -1e300, double max = 1e300) {
    static_assert(param_detail::is_stored_v<S>, "a converter reads an int64, double, bool or string");
    schema_.add(name, paper, quick, std::move(doc), min, max);
    record(name, member, [member, convert, name](const ParamValue& v, T& t) {
      t.*member = convert(param_detail::from_stored<S>(v, name));
    });
    // A bad value stops the config load, located at the key (the converter's own ConfigError).
    schema_.check({name},
                  [convert, name](const Params& p) { convert(param_detail::from_stored<S>(p.value(name), name)); });
    return *this;
  }
  // The last added field was added after results were stored (ParamSpec::added_later).
  ParamFields& added_later() {
    schema_.added_later();
    return *this;
  }
  // Allowed values of the last added (string) field.
  ParamFields& choices(std::vector<std::string> allowed) {
    schema_.choices(std::move(allowed));
    return *this;
  }
  // A rule over several fields: `fn` throws ConfigError; located at the first of `keys` set.
  ParamFields& check(std::vector<std::string> keys, std::function<void(const T&)> fn) {
    checked_ = true;
    auto fields = std::make_shared<const std::vector<Field>>(fields_);
    schema_.check(std::move(keys), [fields, fn](const Params& p) { fn(bind_fields(*fields, p)); });
    return *this;
  }
  TypedSchema<T> build() const;

 private:
  friend class TypedSchema<T>;
  struct Field {
    std::string name;
    std::function<void(const ParamValue&, T&)> assign;
  };

  static T bind_fields(const std::vector<Field>& fields, const Params& p) {
    T t{};
    for (const auto& f : fields) f.assign(p.value(f.name), t);
    return t;
  }

  template <class M>
  void record(const std::string& name, M T::*member, std::function<void(const ParamValue&, T&)> assign) {
    const std::string& c = schema_.component();
    if (checked_) throw InternalError("schema " + c + ": field '" + name + "' declared after a check");
    if (!names_.insert(name).second) throw InternalError("schema " + c + ": field '" + name + "' declared twice");
    const T probe{};
    const auto offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*member)) -
                                                 reinterpret_cast<const char*>(&probe));
    if (!offsets_.insert(offset).second)
      throw InternalError("schema " + c + ": field '" + name + "' binds a member another field binds");
    fields_.push_back(Field{name, std::move(assign)});
  }

  ParamSchema schema_;
  std::vector<Field> fields_;
  std::set<std::string> names_;
  std::set<std::size_t> offsets_;
  bool checked_ = false;
};

// The checked declaration: the schema to resolve against and the binder.
template <class T>
class TypedSchema {
 public:
  const ParamSchema& schema() const { return schema_; }
  // Every member from `p` (resolved against schema()). A converter's ConfigError propagates (a
  // value set past resolve(), e.g. Params::set); a value of another type is an InternalError.
  T bind(const Params& p) const { return ParamFields<T>::bind_fields(*fields_, p); }

 private:
  friend class ParamFields<T>;
  TypedSchema(ParamSchema s, std::vector<typename ParamFields<T>::Field> f)
      : schema_(std::move(s)),
        fields_(std::make_shared<const std::vector<typename ParamFields<T>::Field>>(std::move(f))) {}
  ParamSchema schema_;
  std::shared_ptr<const std::vector<typename ParamFields<T>::Field>> fields_;
};

template <class T>
TypedSchema<T> ParamFields<T>::build() const {
  constexpr std::size_t members = param_detail::aggregate_members<T>();
  if (fields_.size() != members)
    throw InternalError("schema " + schema_.component() + ": the struct has " + std::to_string(members) +
                        " members but " + std::to_string(fields_.size()) +
                        " fields are declared (every member needs exactly one field)");
  return TypedSchema<T>(schema_, fields_);
}

}  // namespace logsweep
