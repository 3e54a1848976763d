// Drain::match, inference without learning (Drain3's match()): what `logsweep detect` asks first
// of every new line, so that a line like those of the training log gets the training's event.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/logs/reader.hpp"
#include "core/parsing/drain.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace drain_match_test {

TEST(DrainMatch, ALineIsMatchedToTheTemplateThatCoversItAndNothingIsLearnt) {
  Drain d(DrainParams{});
  const auto open = d.add("open file alpha mode r");
  EXPECT_EQ(d.add("open file beta mode r"), open);  // -> "open file <*> mode r"
  const auto close = d.add("close socket now");
  const auto before = d.templates();
  EXPECT_EQ(d.match("open file gamma mode r"), open);  // the wildcard covers gamma
  EXPECT_EQ(d.match("close socket now"), close);
  EXPECT_EQ(d.match("open file gamma mode w"), -1);  // "w" is no "r": add() would join, match does not
  EXPECT_EQ(d.match("never seen before"), -1);
  EXPECT_EQ(d.match(""), -1);
  EXPECT_EQ(d.templates(), before);
  EXPECT_EQ(d.size(), 2u);
}

// Every line of a real log, matched against the Drain that parsed it, is covered by a template,
// and all but about one in 2,000 get the event they got while parsing.
TEST(DrainMatch, EveryLineOfARealLogMatchesBackTheEventItWasParsedInto) {
  if (!testing::shared_data_available()) GTEST_SKIP() << "../shared/data is absent";
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"bgl", "BGL/BGL_2k.log"}, {"thunderbird", "Thunderbird/Thunderbird_slice_20k.log"}, {"hdfs", "HDFS/HDFS_2k.log"}}) {
    SCOPED_TRACE(file);
    ReaderSpec spec;
    spec.format = format;
    spec.path = testing::shared_data(file);
    Drain d(drain_defaults(format));
    std::vector<std::string> contents;
    std::vector<std::int32_t> events;
    auto reader = open_reader(spec);
    for (LogRecord rec; reader->next(rec);) {
      contents.push_back(rec.content);
      events.push_back(d.add(rec.content));
    }
    const auto templates = d.templates();
    std::size_t same = 0;
    std::size_t covered = 0;
    for (std::size_t i = 0; i < contents.size(); ++i) {
      const auto m = d.match(contents[i]);
      same += m == events[i];
      covered += m >= 0;
    }
    std::printf("%s: %zu of %zu lines match back their event (%zu templates)\n", file.c_str(), same, contents.size(),
                templates.size());
    // Every line is covered by a template; the few that match another cluster than the one they
    // were parsed into lie under two covering templates, and the one with more wildcards wins
    // (BGL_2k: 1 line, "Ido chip status changed ..."; HDFS_2k: 1 line, two clusters with the
    // same all-wildcard template). docs/methods.md, "detect: new lines".
    EXPECT_EQ(covered, contents.size());
    EXPECT_GE(same * 1000, contents.size() * 999);
    EXPECT_EQ(d.templates(), templates);
  }
}

}  // namespace drain_match_test
}  // namespace logsweep
