// The hand-written mask scanners must behave exactly like the regexes they stand for.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/parsing/masks.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

using detail::MaskSet;

std::string masked(const MaskSet& m, const std::string& s) {
  std::string a, b;
  return std::string(m.apply(s, a, b));
}

const char* kBuiltinRegexes[] = {
    R"(blk_-?\d+)",          R"((\d+\.){3}\d+(:\d+)?)", R"((\d+\.){3}\d+)", R"((/|)(\d+\.){3}\d+(:\d+)?)",
    R"(((\d+\.){3}\d+,?)+)", R"(core\.\d+)",            R"(\d+)",           R"(/.+?\s)",
};

TEST(Masks, LogpaiBenchmarkMasksRunAsBuiltinScanners) {
  for (const char* r : kBuiltinRegexes) EXPECT_TRUE(MaskSet::is_builtin(r)) << r;
  EXPECT_FALSE(MaskSet::is_builtin("(?:" + std::string(R"(\d+)") + ")"));
}

TEST(Masks, ScannersAgreeWithStdRegexOnRandomText) {
  // "(?:r)" is the same language but not recognised as built-in, so it runs through std::regex.
  std::mt19937_64 rng(7);
  const std::string alphabet = "0123456789..::,,//--  \tblk_core";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), len(0, 40);
  for (const char* r : kBuiltinRegexes) {
    const MaskSet fast({r});
    const MaskSet slow({"(?:" + std::string(r) + ")"});
    for (int trial = 0; trial < 3000; ++trial) {
      std::string s;
      const std::size_t n = len(rng);
      for (std::size_t i = 0; i < n; ++i) s += alphabet[pick(rng)];
      ASSERT_EQ(masked(fast, s), masked(slow, s)) << "regex " << r << " on \"" << s << "\"";
    }
  }
}

TEST(Masks, HandPickedCases) {
  EXPECT_EQ(masked(MaskSet({R"((\d+\.){3}\d+(:\d+)?)"}), "to 10.251.73.220:50010 and 1.2.3.4.5"), "to <*> and <*>.5");
  EXPECT_EQ(masked(MaskSet({R"((/|)(\d+\.){3}\d+(:\d+)?)"}), "from /10.10.34.11:45307 x"), "from <*> x");
  EXPECT_EQ(masked(MaskSet({R"(blk_-?\d+)"}), "blk_-1608999687919862906 blk_x blk_7"), "<*> blk_x <*>");
  EXPECT_EQ(masked(MaskSet({R"(((\d+\.){3}\d+,?)+)"}), "ips 1.2.3.4,5.6.7.8, done"), "ips <*> done");
  // OpenStack's path mask swallows the following whitespace, as re.sub does in LogPAI.
  EXPECT_EQ(masked(MaskSet({R"(/.+?\s)", R"(\d+)"}), "GET /v2/54fa/servers HTTP/1.1 len: 1893"),
            "GET <*>HTTP<*>len: <*>");
  EXPECT_EQ(masked(MaskSet({R"(core\.\d+)"}), "generating core.2275 now"), "generating <*> now");
}

TEST(Masks, MasksApplyInOrderEachOnThePreviousResult) {
  const MaskSet m({R"(\d+)", "<\\*>\\.<\\*>"});
  EXPECT_EQ(masked(m, "v 1.2 and 3"), "v <*> and <*>");
}

TEST(Masks, NoMatchReturnsTheInputUnchanged) {
  const MaskSet m({R"(blk_-?\d+)", "zzz"});
  EXPECT_EQ(masked(m, "nothing to see"), "nothing to see");
}

TEST(Masks, BadRegexIsAConfigError) { EXPECT_THROW(MaskSet({"[a-"}), ConfigError); }

}  // namespace
}  // namespace logsweep
