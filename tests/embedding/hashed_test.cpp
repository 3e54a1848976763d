#include <gtest/gtest.h>

#include <cmath>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"

namespace logsweep {
namespace {

double cosine(const Matrix& m, std::size_t a, std::size_t b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t k = 0; k < m.cols; ++k) {
    ab += m.at(a, k) * m.at(b, k);
    aa += m.at(a, k) * m.at(a, k);
    bb += m.at(b, k) * m.at(b, k);
  }
  return ab / std::sqrt(aa * bb);
}

std::vector<float> row(const Matrix& m, std::size_t r) { return {m.row(r), m.row(r) + m.cols}; }

TEST(TemplateWords, SplitsPunctuationCamelCaseAndDropsDigitsAndWildcards) {
  EXPECT_EQ(template_words("NIOServerCnxn: Accepted socket <*> from /10.1.2.3:2181"),
            (std::vector<std::string>{"nio", "server", "cnxn", "accepted", "socket", "from"}));
  EXPECT_EQ(template_words("blk_<*> getBlockSize() = 42"), (std::vector<std::string>{"blk", "get", "block", "size"}));
  EXPECT_TRUE(template_words("<*> 123 <*>:<*>").empty());
}

TEST(HashedEmbedder, IsDeterministicAcrossInstances) {
  std::vector<std::string> t{"Receiving block <*> src: <*>", "PacketResponder <*> terminating", "disk failure"};
  auto a = make_embedder(EmbedSpec{})->embed(t);
  auto b = make_embedder(EmbedSpec{})->embed(t);
  ASSERT_EQ(a.rows, 3u);
  ASSERT_EQ(a.cols, 300u);
  EXPECT_EQ(a.data, b.data);
}

TEST(HashedEmbedder, RowsAreUnitLengthAndWordlessTemplatesAreZero) {
  auto m = make_embedder(EmbedSpec{})->embed({"connection lost to <*>", "<*> 42 <*>"});
  double n0 = 0, n1 = 0;
  for (std::size_t k = 0; k < m.cols; ++k) {
    n0 += m.at(0, k) * m.at(0, k);
    n1 += m.at(1, k) * m.at(1, k);
  }
  EXPECT_NEAR(n0, 1.0, 1e-5);
  EXPECT_EQ(n1, 0.0);
}

TEST(HashedEmbedder, SameWordsGiveTheSameVectorInEverySystem) {
  // Two systems with different vocabularies: the shared template's words occur once in each, so
  // its IDF weights differ by a common factor only and the normalised vector is identical.
  auto e = make_embedder(EmbedSpec{});
  auto sys_a = e->embed({"ciod: generating core <*>", "disk failure on device", "instruction cache parity"});
  auto sys_b = e->embed({"session opened for user root", "kernel panic", "disk failure on device", "crond job"});
  auto a = row(sys_a, 1), b = row(sys_b, 2);
  for (std::size_t k = 0; k < a.size(); ++k) ASSERT_NEAR(a[k], b[k], 1e-6) << "dimension " << k;
}

TEST(HashedEmbedder, SharingAWordRaisesCosine) {
  auto m = make_embedder(EmbedSpec{})->embed({"disk failure detected", "disk failure reported", "network packet reported",
                                              "memory exhausted"});
  double shared_two = cosine(m, 0, 1);
  double shared_none = cosine(m, 0, 2);
  EXPECT_GT(shared_two, 0.5);
  EXPECT_LT(std::fabs(shared_none), 0.25);
  EXPECT_LT(std::fabs(cosine(m, 0, 3)), 0.25);
}

TEST(HashedEmbedder, WordsSharingSubwordsAreClose) {
  auto m = make_embedder(EmbedSpec{})->embed({"disconnect", "disconnected", "memory", "timeout", "timeouts"});
  EXPECT_GT(cosine(m, 0, 1), 0.6);
  EXPECT_GT(cosine(m, 3, 4), 0.6);
  EXPECT_LT(std::fabs(cosine(m, 0, 2)), 0.25);
  EXPECT_LT(std::fabs(cosine(m, 1, 3)), 0.25);
}

TEST(HashedEmbedder, DimensionIsConfigurableAndNamedInIdentity) {
  EmbedSpec s;
  s.dim = 64;
  auto e = make_embedder(s);
  EXPECT_EQ(e->dim(), 64);
  EXPECT_EQ(e->embed({"a b c"}).cols, 64u);
  EXPECT_NE(e->identity(), make_embedder(EmbedSpec{})->identity());
  s.dim = 0;
  EXPECT_THROW(make_embedder(s), ConfigError);
}

TEST(MakeEmbedder, UnknownKindIsAConfigErrorSuggestingTheNearest) {
  EmbedSpec s;
  s.kind = "glovee";
  try {
    make_embedder(s);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("glove"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace logsweep
