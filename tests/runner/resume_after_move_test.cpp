// Through the built binary: resume must survive what copying and `touch` do to a project (new
// modification times, new absolute paths), and `prepare` must list malformed lines, also when
// it reuses the cache (issue 14, items 5 and 6).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results/store/store.hpp"
#include "runner/runner_support.hpp"

namespace logsweep::testing {
namespace {

namespace fs = std::filesystem;

// One pair, one cheap method, two seeds: 2 jobs in a few seconds. Relative paths only, as a
// project that is copied or moved as a whole has them.
std::string tiny_experiment(const TempDir& dir) {
  return dir.write("tiny.yaml",
                   "name: tiny\n"
                   "output: out/tiny.h5\n"
                   "cache_dir: out/cache\n"
                   "embedder: {kind: hashed, dim: 16}\n"
                   "defaults: {split: {train_ratio: 0.6}}\n"
                   "datasets:\n"
                   "  - {name: synthA, format: bgl, path: data/synthA.log}\n"
                   "  - {name: synthB, format: thunderbird, path: data/synthB.log}\n"
                   "pairs: [[synthA, synthB]]\n"
                   "methods: [LogAction]\n"
                   "budgets: [0]\n"
                   "seeds: [0, 1]\n"
                   "method_params: {LogAction: {epochs: 1, encoder_epochs: 1, encoder_refit_epochs: 0, "
                   "encoder_hidden: 4, hidden: 4, fc: 4, round_epochs: '1', batch_size: 512, max_len: 10}}\n");
}

// What `cp` without -p and `touch` do: same bytes, a new modification time.
void set_mtime_ahead(const std::string& file, std::chrono::minutes ahead) {
  fs::last_write_time(file, fs::file_time_type::clock::now() + ahead);
}

std::map<std::string, double> finished_at(const std::string& results) {
  std::map<std::string, double> out;
  for (const auto& r : ResultsStore(results).load()) out[r.id] = r.finished_at;
  return out;
}

// Runs the experiment once; returns the stored jobs (id -> finished_at).
std::map<std::string, double> first_run(const Corpus& c, const std::string& cfg) {
  CmdResult r = sh(bin() + " run " + cfg + " --threads 1");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "2 jobs (0 already stored, 2 to run)")) << r.out;
  return finished_at(c.dir().path() + "/out/tiny.h5");
}

// The experiment at `cfg` finds every job stored and the cache reusable, and recomputes nothing.
void expect_nothing_recomputed(const std::string& cfg, const std::string& results,
                               const std::map<std::string, double>& before) {
  CmdResult r = sh(bin() + " run " + cfg + " --threads 1");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "2 jobs (2 already stored, 0 to run)")) << r.out;
  EXPECT_TRUE(has(r.out, "nothing to run")) << r.out;
  EXPECT_EQ(finished_at(results), before);  // same records, none rewritten
  CmdResult p = sh(bin() + " prepare " + cfg + " --threads 1");
  EXPECT_EQ(p.code, 0) << p.out;
  EXPECT_TRUE(has(p.out, "synthA: ")) << p.out;
  EXPECT_FALSE(has(p.out, "rebuilt")) << "the dataset cache was re-prepared:\n" << p.out;
}

TEST(ResumeAfterMove, TouchedLogsKeepEveryJobDoneAndTheCache) {
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  const std::string cfg = tiny_experiment(c.dir());
  const auto ids = matrix_ids(cfg);
  ASSERT_EQ(ids.size(), 2u);
  const auto before = first_run(c, cfg);
  ASSERT_EQ(before.size(), 2u);

  set_mtime_ahead(c.dir().file("data/synthA.log"), std::chrono::minutes(60));
  set_mtime_ahead(c.dir().file("data/synthB.log"), std::chrono::minutes(61));
  EXPECT_EQ(matrix_ids(cfg), ids);
  expect_nothing_recomputed(cfg, c.dir().file("out/tiny.h5"), before);
}

TEST(ResumeAfterMove, ProjectCopiedElsewhereWithoutTimestampsResumes) {
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  const std::string cfg = tiny_experiment(c.dir());
  const auto ids = matrix_ids(cfg);
  const auto before = first_run(c, cfg);
  ASSERT_EQ(before.size(), 2u);

  TempDir elsewhere;
  const std::string copy = elsewhere.file("project");
  fs::copy(c.dir().path(), copy, fs::copy_options::recursive);
  set_mtime_ahead(copy + "/data/synthA.log", std::chrono::minutes(90));  // as `cp` without -p leaves them
  set_mtime_ahead(copy + "/data/synthB.log", std::chrono::minutes(91));
  const std::string moved_cfg = copy + "/tiny.yaml";
  EXPECT_EQ(matrix_ids(moved_cfg), ids);
  expect_nothing_recomputed(moved_cfg, copy + "/out/tiny.h5", before);
}

// Issue 14 item 6: `prepare` (and `run`, which prints the same dataset lines) lists the first
// malformed lines with line number, reason and escaped first bytes, from the cache as well.
TEST(PrepareOutput, ListsTheFirstMalformedLinesAlsoWhenTheCacheIsReused) {
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  std::ifstream in(c.dir().file("data/synthA.log"), std::ios::binary);
  std::stringstream good;
  good << in.rdbuf();
  std::string lines = good.str();
  // Line 2 is garbage with a non-UTF-8 byte, line 4 empty; 7 malformed lines in all.
  const std::size_t first_nl = lines.find('\n') + 1;
  const std::size_t second_nl = lines.find('\n', first_nl) + 1;
  std::string text = lines.substr(0, first_nl) + "garbage \xff here\n" + lines.substr(first_nl, second_nl - first_nl) +
                     "\n" + "junk 1\njunk 2\njunk 3\njunk 4\njunk 5\n" + lines.substr(second_nl);
  c.dir().write("data/synthA.log", text);
  const std::string cfg = tiny_experiment(c.dir());
  for (const char* round : {"rebuilt parse", "reused parse"}) {
    CmdResult p = sh(bin() + " prepare " + cfg + " --threads 1");
    ASSERT_EQ(p.code, 0) << p.out;
    EXPECT_TRUE(has(p.out, round)) << p.out;
    EXPECT_TRUE(has(p.out, "(7 malformed,")) << p.out;
    EXPECT_TRUE(has(p.out, "\n    line 2: ")) << round << "\n" << p.out;
    EXPECT_TRUE(has(p.out, "\"garbage \\xff here\"")) << round << "\n" << p.out;
    EXPECT_TRUE(has(p.out, "\n    line 4: empty line")) << round << "\n" << p.out;
    EXPECT_TRUE(has(p.out, "\n    line 7: ")) << round << "\n" << p.out;
    EXPECT_FALSE(has(p.out, "line 8: ")) << "only the first 5 are listed\n" << p.out;
    EXPECT_TRUE(has(p.out, "2 more malformed lines not listed")) << p.out;
  }
}

}  // namespace
}  // namespace logsweep::testing
