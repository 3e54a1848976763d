#include "core/util/params.hpp"

#include <gtest/gtest.h>

#include "core/util/hash.hpp"
#include "core/util/strings.hpp"

namespace logsweep {
namespace {

ParamSchema schema() {
  ParamSchema s("LogAction");
  s.add("epochs", std::int64_t{60}, std::int64_t{3}, "training epochs", 1, 10000);
  s.add("lr", 1e-3, "Adam learning rate", 0, 1);
  s.add("dedup", true, "train on unique windows");
  s.add("selection", std::string("energy_uncertainty"), "selection rule").choices({"energy_uncertainty", "random"});
  return s;
}

TEST(Params, ProfileDefaultsApply) {
  EXPECT_EQ(Params::resolve(schema(), Profile::Paper).i("epochs"), 60);
  EXPECT_EQ(Params::resolve(schema(), Profile::Quick).i("epochs"), 3);
}

TEST(Params, OverridesAreTyped) {
  auto p = Params::resolve(schema(), Profile::Paper,
                           {{"lr", {"0.01", {}}}, {"dedup", {"false", {}}}, {"selection", {"random", {}}}});
  EXPECT_DOUBLE_EQ(p.r("lr"), 0.01);
  EXPECT_FALSE(p.b("dedup"));
  EXPECT_EQ(p.s("selection"), "random");
}

TEST(Params, UnknownKeyNamesNearestAndLocation) {
  try {
    Params::resolve(schema(), Profile::Paper, {{"epoch", {"5", {"exp.yaml", 12, 7, "epoch"}}}});
    FAIL();
  } catch (const ConfigError& e) {
    std::string w = e.what();
    EXPECT_NE(w.find("exp.yaml:12:7"), std::string::npos) << w;
    EXPECT_NE(w.find("did you mean 'epochs'"), std::string::npos) << w;
  }
}

TEST(Params, BadTypeAndRangeAreErrors) {
  EXPECT_THROW(Params::resolve(schema(), Profile::Paper, {{"epochs", {"ten", {}}}}), ConfigError);
  EXPECT_THROW(Params::resolve(schema(), Profile::Paper, {{"epochs", {"0", {}}}}), ConfigError);
  EXPECT_THROW(Params::resolve(schema(), Profile::Paper, {{"selection", {"best", {}}}}), ConfigError);
}

TEST(Params, CanonicalIsSortedAndStable) {
  auto p = Params::resolve(schema(), Profile::Quick);
  EXPECT_EQ(p.canonical(), "dedup=true;epochs=3;lr=0.001;selection=energy_uncertainty");
}

// A parameter added after results were stored leaves the canonical text (and so every stored job
// id) unchanged at its default, and appears in it as soon as it differs.
TEST(Params, AddedLaterParameterAppearsInCanonicalOnlyOffItsDefault) {
  auto s = schema();
  s.add("energy", std::string("logits"), "added later").choices({"logits", "outputs"}).added_later();
  EXPECT_EQ(Params::resolve(s, Profile::Quick).canonical(), Params::resolve(schema(), Profile::Quick).canonical());
  std::map<std::string, RawParam> raw{{"energy", RawParam{"outputs", {}}}};
  EXPECT_EQ(Params::resolve(s, Profile::Quick, raw).canonical(),
            "dedup=true;energy=outputs;epochs=3;lr=0.001;selection=energy_uncertainty");
  EXPECT_EQ(Params::resolve(s, Profile::Quick).s("energy"), "logits");
}

TEST(Hasher, LengthPrefixSeparatesFields) {
  EXPECT_NE(Hasher().add("ab").add("c").value(), Hasher().add("a").add("bc").value());
  EXPECT_EQ(Hasher().add("x").add(std::int64_t{3}).hex(), Hasher().add("x").add(std::int64_t{3}).hex());
  EXPECT_EQ(Hasher().hex().size(), 16u);
}

TEST(Strings, NearestSuggestsPlausibleTypos) {
  EXPECT_EQ(nearest("LogActoin", {"LogAction", "MetaLog", "DeepLog"}), "LogAction");
  EXPECT_EQ(nearest("zzzzzzzz", {"BGL", "HDFS"}), "");
  EXPECT_EQ(printable_prefix(std::string("a\x01" "b", 3)), "a\\x01b");
}

TEST(Strings, AsciiLowerLowersOnlyAToZ) {
  EXPECT_EQ(ascii_lower("Anomaly CUDA:1 gpu"), "anomaly cuda:1 gpu");
  EXPECT_EQ(ascii_lower("\xc3\x89T\xc3\x89 [@Z]"), "\xc3\x89t\xc3\x89 [@z]");  // UTF-8 bytes kept
}

}  // namespace
}  // namespace logsweep

namespace logsweep {
namespace {

TEST(MarkdownCell, EscapesThePipeSoATableRowKeepsItsColumns) {
  EXPECT_EQ(markdown_cell("chronological|stratified_per_class"), "chronological\\|stratified_per_class");
  EXPECT_EQ(markdown_cell("no pipe"), "no pipe");
  ParamSchema s("T");
  s.add("kind", std::string("a"), "a|b choice");
  const auto md = s.markdown();
  EXPECT_NE(md.find("| `kind` | a | a | a\\|b choice |"), std::string::npos) << md;
}

}  // namespace
}  // namespace logsweep

namespace logsweep {
namespace {

// Reading a parameter the schema does not declare, or with the wrong type, is a bug in the
// method's code, never the user's input: it is an InternalError, not a ConfigError.
TEST(ParamsLookup, UndeclaredNameOrWrongTypeIsAnInternalError) {
  const auto p = Params::resolve(schema(), Profile::Paper);
  EXPECT_THROW(p.i("no_such_parameter"), InternalError);
  EXPECT_THROW(p.s("epochs"), InternalError);
  try {
    p.i("no_such_parameter");
  } catch (const InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("a bug in logsweep"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace logsweep
