#pragma once
// Where methods register themselves: a method's file ends with
//
//   LOGSWEEP_REGISTER_METHOD("MetaLog", 20, MethodFamily::Baseline, make_method<MetaLog>, Starter{4});
//
// and nothing else lists it: method_names(), find_method(), `run --help-config` (CONFIG.md) and the
// cross-method tests (tests/experiments: MethodEndToEnd, DedupEquivalence) read the registry.
//
// Contract:
//  - the name is the one the method's name() returns (checked when the registry is first read);
//  - `rank` orders every listing (help, CONFIG.md, `methods: all`): smaller first, ties by name.
//    Ranks in use: LogAction family 10-15, baselines 20-60 (the paper tables' order);
//  - the family (core/metrics/method_family.hpp) is what the tables make of the method: the
//    ablation layout shows the Proposed method and its Ablations, the selection layout their rounds;
//  - Starter{n} lists the method n-th in the experiment that `logsweep generate` writes;
//  - registration happens in static initialisers; the registry is complete once main() runs. The
//    experiments library is linked whole (CMakeLists.txt: ls_experiments), otherwise the linker
//    would drop a method file that nothing references. tests/experiments MethodRegistry and
//    tests/runner Cli.HelpConfigListsEveryRegisteredMethod compare the registry with the
//    LOGSWEEP_REGISTER_METHOD lines of experiments/**/*.cpp, so a dropped file fails a test.
#include <memory>

#include "experiments/method.hpp"

namespace logsweep {

using MethodFactory = std::unique_ptr<Method> (*)();
// Position in the experiment that `logsweep generate` writes (1 = first); 0 = not in it.
struct Starter {
  int position = 0;
};

// The factory of a method class, its constructor given `args` (e.g. a variant enum value).
template <class M, auto... args>
std::unique_ptr<Method> make_method() {
  return std::make_unique<M>(args...);
}

// Records a method; returns true so that it can initialise a static. Duplicate names, a name that
// differs from the built method's name() and registration after the first lookup are
// InternalErrors at the first lookup.
bool register_method(const char* name, int rank, MethodFamily family, MethodFactory make, Starter starter = {});

}  // namespace logsweep

#define LOGSWEEP_REGISTER_CONCAT_(a, b) a##b
#define LOGSWEEP_REGISTER_CONCAT(a, b) LOGSWEEP_REGISTER_CONCAT_(a, b)
#define LOGSWEEP_REGISTER_METHOD(name, rank, family, ...)                                   \
  [[maybe_unused]] static const bool LOGSWEEP_REGISTER_CONCAT(logsweep_method_, __LINE__) = \
      ::logsweep::register_method(name, rank, family, __VA_ARGS__)
