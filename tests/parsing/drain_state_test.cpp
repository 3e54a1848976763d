// Drain save/load: a reloaded Drain must continue exactly as the original would have, and a bad
// state file must be reported by file and line, never read out of bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/parsing/drain.hpp"
#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

// Varied messages: many leading words (to overflow a small max_children), tokens with digits,
// maskable block ids and addresses, extra delimiters and several lengths.
std::vector<std::string> varied_lines(std::uint32_t seed, int n) {
  static const char* words[] = {"alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"};
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<std::uint32_t>(k)); };
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    const std::string w = words[pick(10)], v = words[pick(10)], num = std::to_string(pick(5000));
    switch (pick(7)) {
      case 0: lines.push_back(w + " user " + v + " logged in from 10.0." + num + ".7"); break;
      case 1: lines.push_back("Receiving block blk_-" + num + " src: /10.1.2.3:50010 dest " + v); break;
      case 2: lines.push_back(w + " job=" + num + ",state=" + v + ":done"); break;
      case 3: lines.push_back(num + " " + w + " step " + v + " took " + num + "ms"); break;
      case 4: lines.push_back(w + " " + v + " " + w + v + " x" + num); break;
      case 5: lines.push_back(w); break;
      default: lines.push_back(v + " " + w + " core." + num + " dumped id=" + v); break;
    }
  }
  return lines;
}

DrainParams varied_params(int depth, int max_children) {
  DrainParams p;
  p.depth = depth;
  p.sim_threshold = 0.4;
  p.max_children = max_children;
  p.masks = {R"(blk_-?\d+)", R"((\d+\.){3}\d+(:\d+)?)", "id=[a-z]+"};
  p.delimiters = " =,:";
  return p;
}

std::string saved(const Drain& d) {
  std::ostringstream out;
  d.save(out);
  return out.str();
}

Drain reloaded(const Drain& d) {
  std::istringstream in(saved(d));
  return Drain::load(in, "state.txt");
}

// Loads `text`, expecting an InputError at `line` of "state.txt" whose message holds `says`.
void expect_load_error(const std::string& text, std::uint64_t line, const std::string& says) {
  std::istringstream in(text);
  try {
    Drain::load(in, "state.txt");
    ADD_FAILURE() << "loaded without error:\n" << text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "state.txt");
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_NE(e.message().find(says), std::string::npos) << e.what();
  }
}

// The state of a Drain that saw "a b": the format, spelled out.
const std::string kSmallState =
    "logsweep-drain 1\n"
    "depth 4\n"
    "sim_threshold 0.5\n"
    "max_children 100\n"
    "delimiters  \n"
    "masks 0\n"
    "tokens 3\n"
    "<*>\n"
    "a\n"
    "b\n"
    "clusters 1\n"
    "2 1 2\n"
    "nodes 2\n"
    "1 1 1 0\n"
    "0 1 0\n"
    "lengths 1\n"
    "2 0\n"
    "end\n";

std::string with_line(const std::string& text, std::size_t line, const std::string& replacement) {
  std::istringstream in(text);
  std::string out, l;
  for (std::size_t n = 1; std::getline(in, l); ++n) out += (n == line ? replacement : l) + '\n';
  return out;
}

class DrainStateContinuation : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(DrainStateContinuation, ReloadedDrainContinuesExactlyAsTheOriginal) {
  const auto [depth, max_children] = GetParam();
  const auto a = varied_lines(1, 300), b = varied_lines(2, 300);
  Drain whole(varied_params(depth, max_children));
  Drain first(varied_params(depth, max_children));
  for (const auto& l : a) EXPECT_EQ(first.add(l), whole.add(l));
  Drain resumed = reloaded(first);
  EXPECT_EQ(saved(resumed), saved(first));
  for (const auto& l : b) ASSERT_EQ(resumed.add(l), whole.add(l)) << l;
  EXPECT_EQ(resumed.templates(), whole.templates());
  EXPECT_EQ(saved(resumed), saved(whole));
  EXPECT_GT(whole.size(), 20u);  // the lines really exercise the tree
}

INSTANTIATE_TEST_SUITE_P(DepthAndMaxChildren, DrainStateContinuation,
                         ::testing::Values(std::make_pair(4, 100), std::make_pair(5, 3), std::make_pair(5, 2),
                                           std::make_pair(2, 100), std::make_pair(6, 4)));

TEST(DrainState, FormatIsTheDocumentedPlainText) {
  Drain d(DrainParams{});
  d.add("a b");
  EXPECT_EQ(saved(d), kSmallState);
  std::istringstream in(kSmallState);
  Drain loaded = Drain::load(in, "state.txt");
  EXPECT_EQ(loaded.templates(), std::vector<std::string>{"a b"});
  EXPECT_EQ(loaded.add("a c"), 0);
}

TEST(DrainState, AwkwardBytesInTokensMasksAndDelimitersRoundTrip) {
  DrainParams p;
  p.masks = {"x\ty\n\\d+\\\\", "\r?z"};  // a tab, LF, CR and backslashes in the regex text
  p.delimiters = ",\t";
  Drain d(p);
  const std::vector<std::string> lines = {
      "path C:\\temp\\new file", "lit \\t\\n\\r\\\\ end", std::string("nul \0 byte \x01 here", 17),
      "utf8 caf\xc3\xa9 \xe2\x82\xac \xff\xfe", "split,on\tcomma tab"};
  for (const auto& l : lines) d.add(l);
  const std::string text = saved(d);
  EXPECT_EQ(text.find('\t'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  Drain loaded = reloaded(d);
  EXPECT_EQ(loaded.templates(), d.templates());
  EXPECT_EQ(saved(loaded), text);
  for (const auto& l : lines) EXPECT_EQ(loaded.add(l), d.add(l)) << l;
  EXPECT_EQ(d.templates()[0], "path C:\\temp\\new file");
}

TEST(DrainState, SimThresholdReadsBackBitIdentical) {
  DrainParams p;
  p.sim_threshold = 0.1 + 0.2;  // 0.30000000000000004: a 3-of-10 match (0.3) must not join
  Drain d(p);
  d.add("k a b c d e f g h i");
  Drain loaded = reloaded(d);
  EXPECT_EQ(loaded.add("k a b x x x x x x x"), 1);
  p.sim_threshold = 0.3;  // the rounded value would join: the test tells them apart
  Drain rounded(p);
  rounded.add("k a b c d e f g h i");
  EXPECT_EQ(rounded.add("k a b x x x x x x x"), 0);
}

TEST(DrainState, EveryTruncationIsAnInputErrorWithFileAndLine) {
  Drain d(varied_params(5, 3));
  for (const auto& l : varied_lines(3, 40)) d.add(l);
  const std::string text = saved(d);
  const auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  for (std::size_t cut = 0; cut + 1 < text.size(); ++cut) {  // the last '\n' alone is not data
    std::istringstream in(text.substr(0, cut));
    try {
      Drain::load(in, "state.txt");
      ADD_FAILURE() << "a state cut at byte " << cut << " loaded";
    } catch (const InputError& e) {
      ASSERT_EQ(e.where().file, "state.txt");
      ASSERT_GE(e.where().line, 1u);
      ASSERT_LE(e.where().line, lines);
    }
  }
}

TEST(DrainState, TruncationNamesTheMissingRecord) {
  expect_load_error(kSmallState.substr(0, kSmallState.find("0 1 0\n")), 15, "ends early: expected node 1");
  expect_load_error("", 1, "ends early");
}

TEST(DrainState, CorruptIndicesAreInputErrorsAtTheirLine) {
  expect_load_error(with_line(kSmallState, 12, "2 1 9"), 12, "token id");
  expect_load_error(with_line(kSmallState, 14, "1 1 7 0"), 14, "child node id");
  expect_load_error(with_line(kSmallState, 14, "1 5 1 0"), 14, "child token id");
  expect_load_error(with_line(kSmallState, 15, "0 1 3"), 15, "cluster id");
  expect_load_error(with_line(kSmallState, 17, "2 5"), 17, "node id");
  expect_load_error(with_line(kSmallState, 14, "1 x 1 0"), 14, "got 'x'");
  expect_load_error(with_line(kSmallState, 14, "1 1 1 0 9"), 14, "extra fields");
  expect_load_error(with_line(kSmallState, 14, "2 1 1"), 14, "line ends early");
}

TEST(DrainState, InconsistentTreesAreInputErrors) {
  expect_load_error(with_line(kSmallState, 15, "1 2 0 1 0"), 15, "cycle");             // back to the root
  expect_load_error(with_line(kSmallState, 12, "1 1"), 15, "has 1 tokens");            // wrong length leaf
  expect_load_error(with_line(kSmallState, 14, "0 0"), 15, "not reachable");           // orphan node
  expect_load_error(with_line(kSmallState, 15, "0 0"), 12, "in no leaf");              // lost cluster
  expect_load_error(with_line(kSmallState, 8, "a"), 8, "wildcard");                   // "<*>" not first
  expect_load_error(with_line(kSmallState, 10, "a"), 10, "repeats token 1");
  expect_load_error(with_line(kSmallState, 3, "sim_threshold nan"), 3, "sim_threshold");
  expect_load_error(with_line(kSmallState, 4, "max_children 0"), 4, "max_children");
  expect_load_error(with_line(kSmallState, 18, "more"), 18, "expected 'end'");
  expect_load_error(with_line(kSmallState, 9, "bad\\q"), 9, "bad escape");
}

// A damaged file either loads into a Drain that works, or is an InputError: never a crash
// (run under LOGSWEEP_SANITIZE to catch reads out of bounds).
TEST(DrainState, RandomByteDamageLoadsOrIsAnInputError) {
  Drain d(varied_params(5, 3));
  for (const auto& l : varied_lines(5, 60)) d.add(l);
  const std::string text = saved(d);
  const auto more = varied_lines(6, 20);
  std::mt19937 rng(7);
  int loaded = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bad = text;
    bad[rng() % bad.size()] = "0123456789 \n-x"[rng() % 15];
    std::istringstream in(bad);
    try {
      Drain got = Drain::load(in, "state.txt");
      for (const auto& l : more) got.add(l);
      ++loaded;
    } catch (const InputError& e) {
      ASSERT_EQ(e.where().file, "state.txt");
      ASSERT_GE(e.where().line, 1u);
    }
  }
  EXPECT_GT(loaded, 0);  // harmless damage (a token's text) still loads
}

TEST(DrainState, BadMaskRegexIsAnInputError) {
  std::string text = with_line(kSmallState, 6, "masks 1");
  text.insert(text.find("tokens"), "(unclosed\n");
  expect_load_error(text, 7, "bad Drain settings");
}

TEST(DrainState, WrongVersionOrForeignFileSaysSo) {
  expect_load_error(with_line(kSmallState, 1, "logsweep-drain 2"), 1, "unsupported Drain state version '2'");
  expect_load_error(with_line(kSmallState, 1, "{\"json\": true}"), 1, "not a logsweep Drain state");
}

TEST(DrainState, SaveFileReplacesAtomicallyAndLoadFileReadsIt) {
  testing::TempDir dir;
  const std::string path = dir.file("drain.state");
  Drain d(varied_params(4, 100));
  for (const auto& l : varied_lines(4, 50)) d.add(l);
  d.save_file(path);
  d.add("one more line to change the state");
  d.save_file(path);  // over the old file
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  Drain loaded = Drain::load_file(path);
  EXPECT_EQ(loaded.templates(), d.templates());
}

TEST(DrainState, MissingOrUnwritableFilesNameThePath) {
  testing::TempDir dir;
  const std::string missing = dir.file("nope.state");
  try {
    Drain::load_file(missing);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, missing);
  }
  const std::string bad_dir = dir.file("no/such/dir/drain.state");
  EXPECT_THROW(Drain(DrainParams{}).save_file(bad_dir), StorageError);
}

}  // namespace
}  // namespace logsweep
