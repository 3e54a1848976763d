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
  EXPECT_THROW(register_method("Late", 99, []() -> std::unique_ptr<Method> { return nullptr; }), InternalError);
}

}  // namespace
}  // namespace logsweep
