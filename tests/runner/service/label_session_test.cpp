// A labelling session (runner/service/label_session.hpp) on a generated corpus: answered from
// the ground truth it is the batch job; a bad round file is refused, located, and loses nothing.
#include "runner/service/label_session.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cluster/matrix.hpp"
#include "cluster/prepare.hpp"
#include "cluster/scheduler.hpp"
#include "core/models/compute_threads.hpp"
#include "core/util/strings.hpp"
#include "runner/runner_support.hpp"
#include "runner/service/session_support.hpp"

namespace logsweep {
namespace {

using testing::Corpus;
using testing::fill;
using testing::session_config;

struct Fixture {
  Corpus corpus;
  std::string config = session_config(corpus);
  ExperimentConfig cfg = load_config(config);
  Embedders embedders{cfg};
  DatasetPool pool{cfg, embedders};
  std::vector<std::int8_t> truth() { return pool.get("synthA").windows.window_label; }
  JobRecord batch(const std::string& method, std::uint64_t seed) {
    for (const auto& j : expand_jobs(cfg, data_keys(cfg), JobFilter{method, {0.02}}))
      if (j.seed == seed) return execute_job(j, pool, false, 0);
    return {};
  }
};

TEST(LabelSession, AnsweredFromTheGroundTruthItBuysAndScoresAsTheBatchJob) {
  set_compute_threads(1);
  Fixture f;
  ASSERT_TRUE(f.corpus.ok()) << f.corpus.log();
  for (const std::string method : {"LogAction", "LogAction_wa"}) {
    SCOPED_TRACE(method);
    const auto batch = f.batch(method, 1);
    ASSERT_EQ(batch.status, JobStatus::Done) << batch.message;
    const auto dir = f.corpus.dir().path() + "/session-" + method;
    auto step = label_start({f.config, "synthB", "synthA", method, 0.02, 1, dir});
    int rounds = 0;
    while (!step.over) {
      ++rounds;
      EXPECT_EQ(step.round, rounds);
      fill(step.round_file, f.truth());
      step = label_next(dir);
    }
    EXPECT_EQ(rounds, 2);
    const auto r = label_finish(dir);
    EXPECT_EQ(r.selected, batch.result.selected);
    EXPECT_EQ(r.f1, batch.result.f1);
    EXPECT_EQ(r.precision, batch.result.precision);
    ASSERT_EQ(r.rounds.size(), batch.result.rounds.size());
    for (std::size_t k = 0; k < r.rounds.size(); ++k) EXPECT_EQ(r.rounds[k].f1, batch.result.rounds[k].f1) << k;
    EXPECT_TRUE(std::filesystem::exists(dir + "/detector/networks.pt"));
    EXPECT_TRUE(testing::has(testing::read_file(dir + "/result.txt"), "F1"));
    EXPECT_EQ(testing::count_occurrences(testing::read_file(dir + "/labels.tsv"), "\n"),
              1 + static_cast<std::size_t>(batch.result.n_labelled));
  }
}

TEST(LabelSession, ABadRoundFileIsRefusedAtItsLineAndTheSessionGoesOnOnceFixed) {
  set_compute_threads(1);
  Fixture f;
  ASSERT_TRUE(f.corpus.ok()) << f.corpus.log();
  const auto dir = f.corpus.dir().path() + "/session";
  auto step = label_start({f.config, "synthB", "synthA", "LogAction", 0.02, 0, dir});
  const auto before = testing::read_file(dir + "/session.txt");
  fill(step.round_file, f.truth(), "maybe");
  try {
    label_next(dir);
    FAIL() << "a label 'maybe' was taken";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, step.round_file);
    EXPECT_GT(e.where().line, 0u);
    EXPECT_EQ(e.where().field, "label");
  }
  EXPECT_EQ(testing::read_file(dir + "/session.txt"), before);  // nothing moved
  EXPECT_FALSE(std::filesystem::exists(dir + "/labels.tsv"));
  EXPECT_THROW(label_finish(dir), ConfigError);  // rounds are still open
  fill(step.round_file, f.truth());
  step = label_next(dir);
  EXPECT_EQ(step.round, 2);
  // A second start into the same directory would overwrite the session: refused.
  EXPECT_THROW(label_start({f.config, "synthB", "synthA", "LogAction", 0.02, 0, dir}), ConfigError);
  // A method that buys no labels, a job outside the matrix.
  EXPECT_THROW(label_start({f.config, "synthB", "synthA", "Supervised", 0.02, 0, dir + "2"}), ConfigError);
  EXPECT_THROW(label_start({f.config, "synthA", "synthB", "LogAction", 0.02, 0, dir + "3"}), ConfigError);
}

TEST(LabelSession, TheCommandLineWalksARoundAndNamesTheNextStep) {
  Corpus corpus;
  ASSERT_TRUE(corpus.ok()) << corpus.log();
  const auto config = session_config(corpus);
  const auto dir = corpus.dir().path() + "/cli";
  auto r = testing::sh(testing::bin() + " label start " + config + " --pair synthB:synthA --seed 0 --dir " + dir);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(testing::has(r.out, "round 1 of 2")) << r.out;
  EXPECT_TRUE(testing::has(r.out, "label next " + dir)) << r.out;
  const auto round = testing::read_file(dir + "/round-1.tsv");
  EXPECT_TRUE(testing::has(round, "\tlines "));  // file lines, for a person
  // The first row's `lines` cell opens with the raw text of the first file line its `where` names.
  std::istringstream rows(round);
  std::string row;
  while (std::getline(rows, row) && (row.empty() || row[0] == '#' || starts_with(row, "window\t"))) {
  }
  const auto cells = split(row, '\t');
  ASSERT_GE(cells.size(), 7u) << row;
  const auto first_line = std::stoull(cells[1].substr(std::string("lines ").size()));
  std::ifstream log(corpus.dir().path() + "/data/synthA.log");
  std::string text;
  for (std::uint64_t no = 0; no < first_line; ++no) std::getline(log, text);
  EXPECT_TRUE(starts_with(cells[6], std::string(trim(text)))) << cells[6].substr(0, 200) << "\nvs\n" << text;
  EXPECT_EQ(testing::count_occurrences(cells[6], "\u23ce"), 19u);  // 20 lines, 19 joins
  r = testing::sh(testing::bin() + " label finish " + dir);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(testing::has(r.out, "round-1.tsv")) << r.out;
  r = testing::sh(testing::bin() + " label start " + config + " --pair synthB --dir " + dir + "x");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_TRUE(testing::has(r.out, "SOURCE:TARGET")) << r.out;
}

}  // namespace
}  // namespace logsweep
