// Drain on hand-made messages: each case pins one rule of the Drain3 tree.
#include <gtest/gtest.h>

#include <string>

#include "core/logs/log_families.hpp"
#include "core/parsing/drain.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

DrainParams plain(int depth = 4, double st = 0.5) {
  DrainParams p;
  p.depth = depth;
  p.sim_threshold = st;
  return p;
}

TEST(Drain, SimilarMessagesMergeAndDifferingTokensBecomeWildcards) {
  Drain d(plain());
  EXPECT_EQ(d.add("user alice logged in"), 0);
  EXPECT_EQ(d.templates()[0], "user alice logged in");
  EXPECT_EQ(d.add("user bob logged in"), 0);  // 3/4 >= 0.5
  EXPECT_EQ(d.templates()[0], "user <*> logged in");
  EXPECT_EQ(d.add("user carol logged out"), 0);  // 2/4 (the wildcard does not count) >= 0.5
  EXPECT_EQ(d.templates()[0], "user <*> logged <*>");
  EXPECT_EQ(d.size(), 1u);
}

TEST(Drain, BelowThresholdStartsANewGroup) {
  Drain d(plain());
  EXPECT_EQ(d.add("user alice logged in"), 0);
  EXPECT_EQ(d.add("user x y z"), 1);  // 1/4 < 0.5
  EXPECT_EQ(d.add("user alice y z"), 1);  // 3/4 with group 1 beats 2/4 with group 0
  EXPECT_EQ(d.templates()[1], "user <*> y z");
}

TEST(Drain, ThresholdIsInclusive) {
  Drain d(plain(4, 0.5));
  d.add("a b c d");
  EXPECT_EQ(d.add("a b x y"), 0);  // exactly 0.5
  Drain strict(plain(4, 0.6));
  strict.add("a b c d");
  EXPECT_EQ(strict.add("a b x y"), 1);
}

TEST(Drain, TokenCountSeparatesGroups) {
  Drain d(plain(4, 0.1));
  EXPECT_EQ(d.add("a b c"), 0);
  EXPECT_EQ(d.add("a b c d"), 1);
  EXPECT_EQ(d.add("a b x"), 0);
}

TEST(Drain, FirstTokenLayerSeparatesGroupsAtDepthFour) {
  Drain d(plain(4));
  EXPECT_EQ(d.add("alpha x y z"), 0);
  EXPECT_EQ(d.add("beta x y z"), 1);  // 3/4 similar, but another leaf
  Drain flat(plain(3));               // depth 3: no token layer
  EXPECT_EQ(flat.add("alpha x y z"), 0);
  EXPECT_EQ(flat.add("beta x y z"), 0);
  EXPECT_EQ(flat.templates()[0], "<*> x y z");
  Drain loghub_depth2(plain(2));  // LogAction's Thunderbird "depth 2" means the same
  loghub_depth2.add("alpha x y z");
  EXPECT_EQ(loghub_depth2.add("beta x y z"), 0);
}

TEST(Drain, DepthFiveAddsASecondTokenLayer) {
  Drain d(plain(5, 0.1));
  EXPECT_EQ(d.add("a b x y"), 0);
  EXPECT_EQ(d.add("a c x y"), 1);
  Drain shallow(plain(4, 0.1));
  shallow.add("a b x y");
  EXPECT_EQ(shallow.add("a c x y"), 0);
}

TEST(Drain, LeadingTokensWithDigitsShareTheWildcardBranch) {
  Drain d(plain(4));
  EXPECT_EQ(d.add("10 x y z"), 0);
  EXPECT_EQ(d.add("20 x y z"), 0);
  EXPECT_EQ(d.templates()[0], "<*> x y z");
  // A first token without a child of its own searches the "<*>" branch (Drain3 tree_search)...
  EXPECT_EQ(d.add("ten x y z"), 0);
  // ...and a new group made there gets its own child, so later lines find it directly.
  EXPECT_EQ(d.add("ten a b c"), 1);
  EXPECT_EQ(d.add("ten a b d"), 1);
  // Now "ten" leads to that leaf, where only group 1 lives (1/4): a new group, as in Drain3.
  EXPECT_EQ(d.add("ten x y z"), 2);
}

TEST(Drain, SingleTokenMessagesHaveNoTokenLayer) {
  Drain d(plain(4));
  EXPECT_EQ(d.add("hello"), 0);
  EXPECT_EQ(d.add("world"), 1);  // similarity 0
  EXPECT_EQ(d.add("hello"), 0);
}

TEST(Drain, EmptyMessagesFormOneGroup) {
  Drain d(plain());
  EXPECT_EQ(d.add(""), 0);
  EXPECT_EQ(d.add("   "), 0);
  EXPECT_EQ(d.add("x"), 1);
  EXPECT_EQ(d.templates()[0], "");
}

TEST(Drain, MaxChildrenOverflowsIntoTheWildcardChild) {
  DrainParams p = plain(4);
  p.max_children = 3;
  Drain d(p);
  EXPECT_EQ(d.add("p q r"), 0);  // child "p"
  EXPECT_EQ(d.add("s q r"), 1);  // child "s"
  EXPECT_EQ(d.add("t q r"), 2);  // third child would hit the limit: it becomes "<*>"
  EXPECT_EQ(d.add("u q r"), 2);  // no room: "<*>" child, merges (2/3)
  EXPECT_EQ(d.templates()[2], "<*> q r");
  EXPECT_EQ(d.add("zzz q r"), 2);  // unknown first token falls back to "<*>"
  EXPECT_EQ(d.add("p q r"), 0);
  EXPECT_EQ(d.add("s q x"), 1);
}

TEST(Drain, BuiltinAndUserMasksReplaceMatchesBeforeTokenising) {
  DrainParams p = plain();
  p.masks = {R"(blk_-?\d+)", R"((\d+\.){3}\d+(:\d+)?)", "id=[a-z]+"};
  Drain d(p);
  EXPECT_EQ(d.add("Receiving block blk_-123 src: /10.0.0.1:50010 id=abc"), 0);
  EXPECT_EQ(d.templates()[0], "Receiving block <*> src: /<*> <*>");
  EXPECT_EQ(d.add("Receiving block blk_77 src: /10.250.1.2:1 id=zz"), 0);
  EXPECT_EQ(d.templates()[0], "Receiving block <*> src: /<*> <*>");
}

TEST(Drain, ExtraDelimitersSplitTokens) {
  DrainParams p = plain();
  p.delimiters = "=,";
  Drain d(p);
  EXPECT_EQ(d.add("key=alpha,beta end"), 0);
  EXPECT_EQ(d.templates()[0], "key alpha beta end");
  EXPECT_EQ(d.add("key=gamma,beta end"), 0);
  EXPECT_EQ(d.templates()[0], "key <*> beta end");
}

TEST(Drain, IdsStayStableWhileTemplatesGeneralise) {
  Drain d(plain());
  const auto a = d.add("open file a.txt ok");
  const auto b = d.add("close socket now please");
  EXPECT_EQ(d.add("open file b.txt ok"), a);
  EXPECT_EQ(d.add("close socket later please"), b);
  EXPECT_EQ(d.templates()[a], "open file <*> ok");
  EXPECT_EQ(d.templates()[b], "close socket <*> please");
}

TEST(Drain, MovedDrainKeepsItsGroups) {
  Drain d(plain());
  d.add("user alice logged in");
  Drain moved(std::move(d));
  EXPECT_EQ(moved.add("user bob logged in"), 0);
  Drain other(plain());
  other = std::move(moved);
  EXPECT_EQ(other.size(), 1u);
}

TEST(Drain, BadParametersAreConfigErrors) {
  DrainParams p = plain();
  p.sim_threshold = 1.5;
  EXPECT_THROW(Drain{p}, ConfigError);
  p = plain();
  p.masks = {"(unclosed"};
  EXPECT_THROW(Drain{p}, ConfigError);
}

TEST(DrainDefaults, FollowMethodsAndLogpaiBenchmarkSettings) {
  const auto hdfs = drain_defaults("hdfs");
  EXPECT_EQ(hdfs.depth, 4);
  EXPECT_DOUBLE_EQ(hdfs.sim_threshold, 0.5);
  EXPECT_EQ(hdfs.masks.size(), 2u);
  const auto tb = drain_defaults("thunderbird");
  EXPECT_EQ(tb.depth, 2);
  EXPECT_DOUBLE_EQ(tb.sim_threshold, 0.3);
  EXPECT_DOUBLE_EQ(drain_defaults("bgl").sim_threshold, 0.5);
  EXPECT_EQ(drain_defaults("zookeeper").depth, 4);
  EXPECT_TRUE(drain_defaults("generic").masks.empty());
  try {
    drain_defaults("hfds");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'hdfs'"), std::string::npos) << e.what();
  }
}

TEST(DrainDefaults, EveryLogFamilyHasThemAndTheyBuildADrain) {
  for (const auto& f : log_families()) {
    const auto p = drain_defaults(f.name);
    EXPECT_EQ(p.masks, f.drain.masks) << f.name;
    EXPECT_NO_THROW(Drain{p}) << f.name;
  }
}

}  // namespace
}  // namespace logsweep
