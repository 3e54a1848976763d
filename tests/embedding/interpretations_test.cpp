#include <gtest/gtest.h>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

TEST(Interpretations, LoadsTabSeparatedLinesSkippingBlankOnes) {
  TempDir d;
  auto m = load_interpretations(d.write("i.tsv", "disk <*> failed\tstorage device broke down\n\nnode <*> up\t node started \r\n"));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m["disk <*> failed"], "storage device broke down");
  EXPECT_EQ(m["node <*> up"], "node started");
}

TEST(Interpretations, ReplaceTemplatesBeforeEmbedding) {
  TempDir d;
  EmbedSpec s;
  s.interpretations = d.write("i.tsv", "disk <*> failed\tstorage device broke down\n");
  auto with = make_embedder(s)->embed({"disk <*> failed", "node <*> up"});
  auto plain = make_embedder(EmbedSpec{})->embed({"storage device broke down", "node <*> up"});
  EXPECT_EQ(with.data, plain.data);
  auto uninterpreted = make_embedder(EmbedSpec{})->embed({"disk <*> failed", "node <*> up"});
  EXPECT_NE(with.data, uninterpreted.data);
}

TEST(Interpretations, IdentityNamesTheFileContent) {
  TempDir d;
  EmbedSpec s;
  s.interpretations = d.write("a.tsv", "x\ty\n");
  auto a = make_embedder(s)->identity();
  s.interpretations = d.write("b.tsv", "x\tz\n");
  auto b = make_embedder(s)->identity();
  EXPECT_NE(a, b);
  EXPECT_NE(a, make_embedder(EmbedSpec{})->identity());
  EXPECT_EQ(a.rfind(make_embedder(EmbedSpec{})->identity(), 0), 0u) << "base identity comes first: " << a;
}

TEST(Interpretations, MalformedFileNamesTheLine) {
  TempDir d;
  auto p = d.write("bad.tsv", "ok\tfine\nno tab here\n");
  try {
    load_interpretations(p);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, p);
    EXPECT_EQ(e.where().line, 2u);
  }
  EXPECT_THROW(load_interpretations(d.write("empty_text.tsv", "tmpl\t  \n")), InputError);
  EXPECT_THROW(load_interpretations(d.write("twice.tsv", "t\ta\nt\tb\n")), InputError);
  EXPECT_THROW(load_interpretations(d.file("absent.tsv")), InputError);
  EmbedSpec s;
  s.interpretations = p;
  EXPECT_THROW(make_embedder(s), InputError);
}

}  // namespace
}  // namespace logsweep
