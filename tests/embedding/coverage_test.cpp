#include <gtest/gtest.h>

#include <set>

#include "core/embedding/coverage.hpp"
#include "core/embedding/embedder.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

std::function<bool(const std::string&)> vocabulary(std::set<std::string> words) {
  return [words = std::move(words)](const std::string& w) { return words.count(w) != 0; };
}

TEST(Coverage, CountsTheWordsTheEmbedderSplitsIdentifiersInto) {
  // camelCase, snake_case and digits split exactly as template_words() does: "getBlockId" is
  // get|block|id, "rx_timeout42" is rx|timeout, "<*>" and "42" are no words.
  auto c = measure_coverage({"getBlockId failed <*>", "rx_timeout42 ERROR"},
                            vocabulary({"get", "block", "id", "failed", "timeout"}));
  EXPECT_EQ(c.templates, 2u);
  EXPECT_EQ(c.covered_templates, 2u);
  EXPECT_EQ(c.words, 7u);
  EXPECT_EQ(c.covered_words, 5u);
  using Top = std::vector<std::pair<std::string, std::size_t>>;
  EXPECT_EQ(c.top_unknown, (Top{{"error", 1}, {"rx", 1}})) << "ties in byte order of the lower-cased word";
}

TEST(Coverage, ATemplateIsCoveredOnlyWithAKnownWord) {
  auto c = measure_coverage({"zz qq", "<*> 123", "disk zz"}, vocabulary({"disk"}));
  EXPECT_EQ(c.templates, 3u);
  EXPECT_EQ(c.covered_templates, 1u) << "a template of no words or only unknown ones is not covered";
  EXPECT_EQ(c.words, 4u);
  EXPECT_EQ(c.covered_words, 1u);
}

TEST(Coverage, TopUnknownIsMostFrequentFirstAndCapped) {
  auto c = measure_coverage({"b a c c", "c b", "d"}, vocabulary({}), 2);
  using Top = std::vector<std::pair<std::string, std::size_t>>;
  EXPECT_EQ(c.top_unknown, (Top{{"c", 3}, {"b", 2}}));
}

TEST(Coverage, AsksTheVocabularyOncePerDistinctWord) {
  int asked = 0;
  measure_coverage({"disk disk", "disk node"}, [&](const std::string&) {
    ++asked;
    return true;
  });
  EXPECT_EQ(asked, 2);
}

TEST(Coverage, DescribesSharesAndUnknownWordsOnOneLine) {
  auto c = measure_coverage({"getBlockId failed <*>", "rx_timeout42 ERROR"},
                            vocabulary({"get", "block", "id", "failed", "timeout"}));
  EXPECT_EQ(describe_coverage(c),
            "vocabulary: 5/7 template words known (71.4%), 2/2 templates with a known word (100.0%); "
            "most frequent unknown: error 1, rx 1");
  EXPECT_EQ(
      describe_coverage(measure_coverage({"disk"}, vocabulary({"disk"}))),
      "vocabulary: 1/1 template words known (100.0%), 1/1 templates with a known word (100.0%); no unknown words");
  EXPECT_EQ(describe_coverage(measure_coverage({}, vocabulary({}))),
            "vocabulary: 0/0 template words known (0.0%), 0/0 templates with a known word (0.0%); no unknown words");
}

TEST(Coverage, GloveEmbedderReportsItsVocabularyAndHashedNone) {
  TempDir d;
  EmbedSpec s;
  s.kind = "glove";
  s.path = d.write("v.txt", "disk 1 0\nfailed 0 1\n");
  auto c = make_embedder(s)->coverage({"Disk failed", "node up"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->covered_words, 2u);
  EXPECT_EQ(c->covered_templates, 1u);
  EXPECT_FALSE(make_embedder(EmbedSpec{})->coverage({"disk"}).has_value()) << "hashed knows every word";
}

TEST(Coverage, WithInterpretationsCountsTheInterpretedText) {
  TempDir d;
  EmbedSpec s;
  s.kind = "glove";
  s.path = d.write("v.txt", "storage 1 0\n");
  s.interpretations = d.write("i.tsv", "blk <*> lost\tstorage lost\n");
  auto c = make_embedder(s)->coverage({"blk <*> lost"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->words, 2u);
  EXPECT_EQ(c->covered_words, 1u);
}

}  // namespace
}  // namespace logsweep
