#include <fmt/format.h>

#include "core/util/strings.hpp"
#include "experiments/method.hpp"
#include "experiments/registry.hpp"

namespace logsweep {
namespace {

struct Registry {
  std::vector<std::unique_ptr<Method>> methods;
  std::vector<std::string> names;
  Registry() {
    for (auto* family : {make_logaction_family, make_baselines})
      for (auto& m : family()) {
        names.push_back(m->name());
        methods.push_back(std::move(m));
      }
  }
};

const Registry& registry() {
  static const Registry r;
  return r;
}

}  // namespace

const std::vector<std::string>& method_names() { return registry().names; }

const Method& find_method(const std::string& name) {
  for (const auto& m : registry().methods)
    if (m->name() == name) return *m;
  throw ConfigError(fmt::format("unknown method '{}'; {}", name, suggest(name, method_names())));
}

}  // namespace logsweep
