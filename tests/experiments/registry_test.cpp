// The method registry holds every method registered in experiments/**/*.cpp, in rank order.
#include <gtest/gtest.h>

#include "experiments/method.hpp"
#include "experiments/registry.hpp"
#include "support/registered_methods.hpp"

namespace logsweep {
namespace {

TEST(MethodRegistry, HoldsEveryMethodRegisteredInTheSourcesInRankOrder) {
  const auto expected = testing::methods_registered_in_sources();
  ASSERT_GE(expected.size(), 11u) << "the source scan found too few registrations";
  EXPECT_EQ(method_names(), expected) << "a method file was dropped by the linker, or ranks are not applied";
}

TEST(MethodRegistry, EachNameFindsTheMethodCallingItselfSo) {
  for (const auto& name : method_names()) EXPECT_EQ(find_method(name).name(), name);
  EXPECT_THROW(find_method("LogActoin"), ConfigError);
}

TEST(MethodRegistry, RegisteringAfterTheFirstLookupIsAnInternalError) {
  (void)method_names();
  EXPECT_THROW(register_method("Late", 99, MethodFamily::Baseline, []() -> std::unique_ptr<Method> { return nullptr; }),
               InternalError);
}

// The family each method declares where it registers is what the tables read (ablation and
// selection layouts): LogAction is the method under study, its four ablations are Ablations, the
// supervised ceiling is the Ceiling, the rest are baselines.
TEST(MethodRegistry, EveryMethodHasTheFamilyItsRegistrationDeclares) {
  const MethodFamilies& f = method_families();
  EXPECT_EQ(f.size(), method_names().size());
  EXPECT_EQ(f.at("LogAction"), MethodFamily::Proposed);
  for (const char* m : {"LogAction_wt", "LogAction_wa", "LogAction_wu", "LogAction_we"})
    EXPECT_EQ(f.at(m), MethodFamily::Ablation) << m;
  EXPECT_EQ(f.at("Supervised"), MethodFamily::Ceiling);
  for (const char* m : {"MetaLog", "LogSynergy", "LogTransfer", "LogTAD", "DeepLog"})
    EXPECT_EQ(f.at(m), MethodFamily::Baseline) << m;
}

// `logsweep generate` lists the starter methods in their declared positions: the generated
// experiment.yaml must stay byte-identical (an existing one that differs is refused as edited).
TEST(MethodRegistry, StarterMethodsAreTheGeneratedExperimentsInTheirPositions) {
  EXPECT_EQ(starter_methods(), (std::vector<std::string>{"LogAction", "LogAction_wa", "LogAction_wt", "MetaLog", "LogTAD"}));
}

}  // namespace
}  // namespace logsweep
