// The error contract of core/util/errors.hpp: locations, context order, error kinds.
#include <gtest/gtest.h>

#include "core/util/errors.hpp"

namespace logsweep {
namespace {

TEST(ErrorText, LocationThenMessage) {
  const Error e("bad value", Location{"exp.yaml", 12, 5, "epochs"});
  EXPECT_STREQ(e.what(), "exp.yaml:12:5 (field 'epochs'): bad value");
  EXPECT_EQ(e.message(), "bad value");
}

TEST(ErrorText, ContextsReadOutermostFirst) {
  // As an error travels out, the inner layer adds its context first, the outer one last.
  Error e("bad value", Location{"labels.csv", 3, 0, ""});
  e.add_context("while reading labels");         // inner
  e.add_context("while preparing dataset HDFS");  // outer
  EXPECT_STREQ(e.what(), "while preparing dataset HDFS: while reading labels: labels.csv:3: bad value");
  ASSERT_EQ(e.context().size(), 2u);
  EXPECT_EQ(e.context().front(), "while reading labels");
}

TEST(ErrorText, ContextSurvivesRethrowAsItsKind) {
  try {
    try {
      throw InputError("no usable line", Location{"a.log", 0, 0, ""});
    } catch (Error& e) {
      e.add_context("while preparing dataset A");
      throw;
    }
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "while preparing dataset A: a.log: no usable line");
    return;
  }
  FAIL() << "the rethrown error lost its kind";
}

TEST(InternalErrorText, IsAnErrorThatSaysItIsABug) {
  try {
    throw InternalError("no cache key for dataset 'X'");
  } catch (const Error& e) {
    EXPECT_NE(dynamic_cast<const InternalError*>(&e), nullptr);
    EXPECT_EQ(std::string(e.what()),
              "internal error (a bug in logsweep; please report it with this message): no cache key for dataset 'X'");
  }
}

}  // namespace
}  // namespace logsweep
