// A sweep through the built binary: adding an axis whose values include the parameters already
// run reruns nothing stored, and each stored record carries its point's resolved parameters.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "results/store/store.hpp"
#include "runner/runner_support.hpp"

namespace logsweep::testing {
namespace {

TEST(SweepEndToEnd, AddingAnAxisRunsOnlyTheNewPointsAndRecordsCarryTheirParameters) {
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  // LogAction only: 6 pairs x 2 budgets x 2 seeds = 24 jobs with the quick first_ratio 0.1.
  const std::string plain = c.experiment("sweep");
  CmdResult first = sh(bin() + " run " + plain + " --only-method LogAction --quiet");
  ASSERT_EQ(first.code, 0) << first.out;
  ASSERT_EQ(ResultsStore(c.results("sweep")).load().size(), 24u);

  // The same experiment with first_ratio swept over {0.05, 0.1}: the 0.1 point is stored.
  const std::string swept = c.experiment("sweep", "sweep: {LogAction.first_ratio: [0.05, 0.1]}\n");
  CmdResult dry = sh(bin() + " run " + swept + " --only-method LogAction --dry-run");
  EXPECT_TRUE(has(dry.out, "sweep: 2 parameter sets = first_ratio (2 values: 0.05, 0.1)")) << dry.out;
  EXPECT_TRUE(has(dry.out, "would run 24 job(s)")) << dry.out;
  CmdResult second = sh(bin() + " run " + swept + " --only-method LogAction");
  EXPECT_EQ(second.code, 0) << second.out;
  EXPECT_TRUE(has(second.out, "48 jobs (24 already stored, 24 to run)")) << second.out;

  std::map<std::string, int> per_point;
  for (const auto& rec : ResultsStore(c.results("sweep")).load()) {
    if (has(rec.params, "first_ratio=0.05;")) ++per_point["0.05"];
    if (has(rec.params, "first_ratio=0.1;")) ++per_point["0.1"];
  }
  EXPECT_EQ(per_point["0.05"], 24);
  EXPECT_EQ(per_point["0.1"], 24);
}

TEST(SweepEndToEnd, DataAxisPreparesEachPointOnceAndTablesItAsARow) {
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  // One pair, LogAction only: 2 budgets x 2 seeds = 4 jobs per point; window size 20 is the default.
  auto one_pair = [&](const std::string& path) {
    std::string text = read_file(path);
    text.replace(text.find("pairs: all"), 10, "pairs: [[synthA, synthB]]");
    return c.dir().write(std::filesystem::path(path).filename().string(), text);
  };
  const std::string plain = one_pair(c.experiment("dsweep"));
  ASSERT_EQ(sh(bin() + " run " + plain + " --only-method LogAction --quiet").code, 0);
  const std::string swept = one_pair(c.experiment("dsweep", "sweep: {window.size: [10, 20]}\n"));
  CmdResult dry = sh(bin() + " run " + swept + " --only-method LogAction --dry-run");
  EXPECT_TRUE(has(dry.out, "data sweep: 2 points = window.size (2 values: 10, 20)")) << dry.out;
  CmdResult run = sh(bin() + " run " + swept + " --only-method LogAction");
  EXPECT_EQ(run.code, 0) << run.out;
  EXPECT_TRUE(has(run.out, "8 jobs (4 already stored, 4 to run)")) << run.out;
  EXPECT_TRUE(has(run.out, "synthA@window.size=10")) << run.out;  // prepared under its own name
  EXPECT_TRUE(std::filesystem::exists(c.dir().path() + "/out/cache/synthB_window.size_10.h5"));

  // Every record carries its data settings, also those stored before the axis existed.
  std::map<std::string, int> per_size;
  for (const auto& rec : ResultsStore(c.results("dsweep")).load()) {
    if (has(rec.data_settings, ";window.size=10;")) ++per_size["10"];
    if (has(rec.data_settings, ";window.size=20;")) ++per_size["20"];
  }
  EXPECT_EQ(per_size["10"], 4);
  EXPECT_EQ(per_size["20"], 4);
  CmdResult table = sh(bin() + " table " + c.results("dsweep") +
                       " --layout sensitivity --x window.size --budgets 0.05 --format csv");
  EXPECT_EQ(table.code, 0) << table.out;
  EXPECT_TRUE(has(table.out, "\n10,") && has(table.out, "\n20,")) << table.out;
}

}  // namespace
}  // namespace logsweep::testing
