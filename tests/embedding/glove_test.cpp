#include <gtest/gtest.h>

#include <cmath>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

std::unique_ptr<Embedder> glove(const std::string& path) {
  EmbedSpec s;
  s.kind = "glove";
  s.path = path;
  return make_embedder(s);
}

TEST(GloveEmbedder, LoadsTheRealGloveSample) {
  auto path = testing::shared_data("embeddings/glove.6B.300d.top1000.txt");
  if (!testing::shared_data_available()) GTEST_SKIP() << "no shared data";
  auto e = glove(path);
  EXPECT_EQ(e->dim(), 300);
  // One template of one word: tf = 1, idf = ln(2/2) + 1 = 1, so the row is the word's vector
  // (first values of "the" in the file: 0.04656 0.21318 -0.0074364).
  auto m = e->embed({"The"});
  EXPECT_FLOAT_EQ(m.at(0, 0), 0.04656f);
  EXPECT_FLOAT_EQ(m.at(0, 1), 0.21318f);
  EXPECT_FLOAT_EQ(m.at(0, 2), -0.0074364f);
}

TEST(GloveEmbedder, WeightsByTfIdfAndSkipsUnknownWords) {
  TempDir d;
  auto e = glove(d.write("v.txt", "error 1 0 0\ndisk 0 2 0\nnode 0 0 4\n"));
  // N = 3 templates; idf = ln(4/2)+1 for df 1 (disk, node), ln(4/3)+1 for df 2 (error, zzunknown).
  // Template 0 has 3 words (tf 1/3 each), template 1 has 2 (tf 1/2).
  auto m = e->embed({"disk error zzunknown", "node error", "zzunknown <*>"});
  const double idf1 = std::log(4.0 / 2.0) + 1.0, idf2 = std::log(4.0 / 3.0) + 1.0;
  EXPECT_NEAR(m.at(0, 0), 1.0 / 3 * idf2 * 1, 1e-6);
  EXPECT_NEAR(m.at(0, 1), 1.0 / 3 * idf1 * 2, 1e-6);
  EXPECT_NEAR(m.at(0, 2), 0.0, 1e-7);
  EXPECT_NEAR(m.at(1, 2), 0.5 * idf1 * 4, 1e-6);
  EXPECT_NEAR(m.at(1, 0), 0.5 * idf2 * 1, 1e-6);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(m.at(2, k), 0.0f) << "all-unknown template must be zero";
}

TEST(GloveEmbedder, AcceptsAWord2VecHeaderLine) {
  TempDir d;
  auto e = glove(d.write("w2v.txt", "2 3\nalpha 1 2 3\nbeta 4 5 6\n"));
  EXPECT_EQ(e->dim(), 3);
  auto m = e->embed({"beta"});
  EXPECT_EQ(std::vector<float>(m.row(0), m.row(0) + 3), (std::vector<float>{4, 5, 6}));
}

TEST(GloveEmbedder, MalformedLineNamesFileAndLine) {
  TempDir d;
  auto short_row = d.write("short.txt", "a 1 2 3\nb 1 2\n");
  try {
    glove(short_row);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, short_row);
    EXPECT_EQ(e.where().line, 2u);
  }
  auto not_number = d.write("nan.txt", "a 1 2 3\nb 1 2 3\nc 1 x 3\n");
  try {
    glove(not_number);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(glove(d.file("missing.txt")), InputError);
  EXPECT_THROW(glove(d.write("empty.txt", "\n\n")), InputError);
}

TEST(GloveEmbedder, IdentityFollowsContentNotPath) {
  TempDir d;
  auto a = glove(d.write("a.txt", "x 1 2\n"));
  auto a_copy = glove(d.write("sub/a.txt", "x 1 2\n"));
  auto b = glove(d.write("b.txt", "x 1 3\n"));
  EXPECT_EQ(a->identity(), a_copy->identity());
  EXPECT_NE(a->identity(), b->identity());
}

}  // namespace
}  // namespace logsweep
