// Typed parameters (core/util/params.hpp: ParamFields): one declaration per field yields the
// schema (same text as a hand-written one) and the binder to a checked struct.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/util/params.hpp"

namespace logsweep {
namespace {

enum class Rule { Energy, Random };

Rule parse_rule(const std::string& s) {
  if (s == "energy") return Rule::Energy;
  if (s == "random") return Rule::Random;
  throw ConfigError("unknown rule '" + s + "'");
}

// "auto" = empty; otherwise increasing comma-separated epochs.
std::vector<int> parse_epochs(const std::string& s) {
  std::vector<int> out;
  if (s == "auto") return out;
  std::size_t at = 0;
  while (at <= s.size()) {
    const auto comma = std::min(s.find(',', at), s.size());
    out.push_back(std::stoi(s.substr(at, comma - at)));
    if (out.size() > 1 && out[out.size() - 1] <= out[out.size() - 2]) throw ConfigError("epochs must increase");
    at = comma + 1;
  }
  return out;
}

struct Toy {
  std::int64_t hidden;
  int epochs;
  double lr;
  bool dedup;
  std::string mode;
  Rule rule;
  std::vector<int> rounds;
};

TypedSchema<Toy> toy_fields() {
  return ParamFields<Toy>("Toy")
      .add("hidden", &Toy::hidden, 64, 80, "width", 1, 4096)
      .add("epochs", &Toy::epochs, 60, "epochs", 1, 10000)
      .add("lr", &Toy::lr, 1e-3, 5e-3, "learning rate", 0, 1)
      .add("dedup", &Toy::dedup, true, "dedup")
      .add("mode", &Toy::mode, "a", "b", "mode")
      .choices({"a", "b"})
      .add("rule", &Toy::rule, parse_rule, "energy", "rule")
      .choices({"energy", "random"})
      .add("rounds", &Toy::rounds, parse_epochs, "auto", "10,20", "round epochs")
      .check({"epochs", "hidden"},
             [](const Toy& t) {
               if (t.epochs > t.hidden) throw ConfigError("epochs must not exceed hidden");
             })
      .build();
}

// The same parameters written by hand as a ParamSchema.
ParamSchema hand_written() {
  ParamSchema s("Toy");
  s.add("hidden", std::int64_t{64}, std::int64_t{80}, "width", 1, 4096);
  s.add("epochs", std::int64_t{60}, "epochs", 1, 10000);
  s.add("lr", 1e-3, 5e-3, "learning rate", 0, 1);
  s.add("dedup", true, "dedup");
  s.add("mode", std::string("a"), std::string("b"), "mode").choices({"a", "b"});
  s.add("rule", std::string("energy"), "rule").choices({"energy", "random"});
  s.add("rounds", std::string("auto"), std::string("10,20"), "round epochs");
  return s;
}

std::map<std::string, RawParam> raw(std::map<std::string, std::string> text) {
  std::map<std::string, RawParam> out;
  std::uint64_t line = 1;
  for (auto& [k, v] : text) out[k] = RawParam{v, {"exp.yaml", line++, 3, k}};
  return out;
}

TEST(TypedParams, OneDeclarationGivesTheHandWrittenSchemaAndCanonicalText) {
  const auto t = toy_fields();
  EXPECT_EQ(t.schema().markdown(), hand_written().markdown());
  for (auto profile : {Profile::Paper, Profile::Quick})
    EXPECT_EQ(Params::resolve(t.schema(), profile).canonical(), Params::resolve(hand_written(), profile).canonical());
}

TEST(TypedParams, BindFillsEveryMemberFromTheProfileAndOverrides) {
  const auto t = toy_fields();
  const Toy paper = t.bind(Params::resolve(t.schema(), Profile::Paper));
  EXPECT_EQ(paper.hidden, 64);
  EXPECT_EQ(paper.epochs, 60);
  EXPECT_DOUBLE_EQ(paper.lr, 1e-3);
  EXPECT_TRUE(paper.dedup);
  EXPECT_EQ(paper.mode, "a");
  EXPECT_EQ(paper.rule, Rule::Energy);
  EXPECT_TRUE(paper.rounds.empty());
  const Toy quick = t.bind(
      Params::resolve(t.schema(), Profile::Quick, raw({{"rule", "random"}, {"dedup", "false"}, {"epochs", "7"}})));
  EXPECT_EQ(quick.hidden, 80);
  EXPECT_EQ(quick.epochs, 7);
  EXPECT_DOUBLE_EQ(quick.lr, 5e-3);
  EXPECT_FALSE(quick.dedup);
  EXPECT_EQ(quick.mode, "b");
  EXPECT_EQ(quick.rule, Rule::Random);
  EXPECT_EQ(quick.rounds, (std::vector<int>{10, 20}));
}

TEST(TypedParams, AConverterErrorIsALocatedConfigErrorAtLoadAndAtBind) {
  const auto t = toy_fields();
  try {
    Params::resolve(t.schema(), Profile::Paper, raw({{"rounds", "20,10"}}));
    FAIL() << "a decreasing list must stop the load";
  } catch (const ConfigError& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("exp.yaml:1:3"), std::string::npos) << w;
    EXPECT_NE(w.find("Toy parameter 'rounds': epochs must increase"), std::string::npos) << w;
  }
  auto p = Params::resolve(t.schema(), Profile::Paper);
  p.set("rounds", std::string("5,2"));  // past resolve(): the binder still refuses it
  EXPECT_THROW(t.bind(p), ConfigError);
}

TEST(TypedParams, ChecksSeeTheBoundStructAndPointAtTheKeySet) {
  const auto t = toy_fields();
  try {
    Params::resolve(t.schema(), Profile::Quick, raw({{"epochs", "81"}}));  // quick hidden = 80
    FAIL();
  } catch (const ConfigError& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("exp.yaml:1:3"), std::string::npos) << w;
    EXPECT_NE(w.find("Toy parameter 'epochs': epochs must not exceed hidden"), std::string::npos) << w;
  }
}

struct Two {
  std::int64_t a;
  std::int64_t b;
};

TEST(TypedParams, AMemberWithoutAFieldIsAnErrorAtBuild) {
  auto f = ParamFields<Two>("Two");
  f.add("a", &Two::a, 1, "a");
  EXPECT_THROW(f.build(), InternalError);
  f.add("b", &Two::b, 2, "b");
  EXPECT_NO_THROW(f.build());
}

TEST(TypedParams, AMemberBoundTwiceOrANameDeclaredTwiceIsAnError) {
  auto f = ParamFields<Two>("Two");
  f.add("a", &Two::a, 1, "a");
  EXPECT_THROW(f.add("a2", &Two::a, 1, "a again"), InternalError);
  EXPECT_THROW(f.add("a", &Two::b, 1, "b named a"), InternalError);
}

TEST(TypedParams, AFieldAfterACheckIsAnError) {
  auto f = ParamFields<Two>("Two");
  f.add("a", &Two::a, 1, "a").check({"a"}, [](const Two&) {});
  EXPECT_THROW(f.add("b", &Two::b, 2, "b"), InternalError);
}

struct Narrow {
  int n;
};

TEST(TypedParams, AnIntMemberNeedsBoundsInsideInt) {
  EXPECT_THROW(ParamFields<Narrow>("Narrow").add("n", &Narrow::n, 1, "n"), InternalError);
  EXPECT_NO_THROW(ParamFields<Narrow>("Narrow").add("n", &Narrow::n, 1, "n", 0, 100).build());
}

}  // namespace
}  // namespace logsweep
