// The method registry (experiments/registry.hpp): registrations arrive from static initialisers
// in any order; the first lookup sorts them by rank and builds the methods.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/util/strings.hpp"
#include "experiments/method.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

struct Registration {
  std::string name;
  int rank;
  MethodFamily family;
  MethodFactory make;
  Starter starter;
};

// Function-local statics: safe to use from other files' static initialisers.
std::vector<Registration>& pending() {
  static std::vector<Registration> r;
  return r;
}
bool& frozen() {
  static bool f = false;
  return f;
}

struct Registry {
  std::vector<std::unique_ptr<Method>> methods;
  std::vector<std::string> names;
  MethodFamilies families;
  std::vector<std::pair<int, std::string>> starters;  // (position, name), sorted

  Registry() {
    auto regs = pending();
    std::sort(regs.begin(), regs.end(), [](const Registration& a, const Registration& b) {
      return a.rank != b.rank ? a.rank < b.rank : a.name < b.name;
    });
    for (const auto& r : regs) {
      if (std::find(names.begin(), names.end(), r.name) != names.end())
        throw InternalError(fmt::format("method '{}' is registered twice", r.name));
      auto m = r.make();
      if (m->name() != r.name)
        throw InternalError(fmt::format("method registered as '{}' calls itself '{}'", r.name, m->name()));
      names.push_back(r.name);
      families[r.name] = r.family;
      if (r.starter.position > 0) starters.emplace_back(r.starter.position, r.name);
      methods.push_back(std::move(m));
    }
    std::sort(starters.begin(), starters.end());
    for (std::size_t i = 1; i < starters.size(); ++i)
      if (starters[i].first == starters[i - 1].first)
        throw InternalError(fmt::format("methods '{}' and '{}' share starter position {}", starters[i - 1].second,
                                        starters[i].second, starters[i].first));
  }
};

const Registry& registry() {
  frozen() = true;
  static const Registry r;
  return r;
}

}  // namespace

bool register_method(const char* name, int rank, MethodFamily family, MethodFactory make, Starter starter) {
  // After the first lookup a registration could no longer be listed: a static initialiser that
  // read the registry before every method file had registered. Fail loudly rather than lose it.
  if (frozen()) throw InternalError(fmt::format("method '{}' registered after the registry was read", name));
  pending().push_back({name, rank, family, make, starter});
  return true;
}

const std::vector<std::string>& method_names() {
  return registry().names;
}

const MethodFamilies& method_families() {
  return registry().families;
}

std::vector<std::string> starter_methods() {
  std::vector<std::string> out;
  for (const auto& [position, name] : registry().starters) out.push_back(name);
  return out;
}

const Method& find_method(const std::string& name) {
  for (const auto& m : registry().methods)
    if (m->name() == name) return *m;
  throw ConfigError(fmt::format("unknown method '{}'; {}", name, suggest(name, method_names())));
}

}  // namespace logsweep
