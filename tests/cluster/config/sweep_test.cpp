// `sweep`: method parameters as matrix axes (issue 17). Grids per method, job ids that follow the
// resolved parameters (adding a value runs only the new jobs), located errors at load time.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cluster/config_error.hpp"
#include "cluster/matrix.hpp"
#include "experiments/method.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;
using testing::registered;

#define REQUIRE_LOGACTION()                                                        \
  if (!registered("LogAction") || !registered("LogAction_wa"))                     \
  GTEST_SKIP() << "LogAction and LogAction_wa are not registered"

struct SweepFixture {
  TempDir dir;
  SweepFixture() {
    dir.write("a.log", "x\n");
    dir.write("b.log", "y\n");
  }
  // 2 pairs x 2 budgets x 2 seeds = 8 jobs per parameter set; `tail` starts at line 9.
  static std::string yaml(const std::string& tail, const std::string& methods = "[LogAction, LogAction_wa]") {
    return "name: s\n"
           "datasets:\n"
           "  - {name: A, format: bgl, path: a.log}\n"
           "  - {name: B, format: bgl, path: b.log}\n"
           "methods: " + methods + "\n"
           "budgets: [0, 0.01]\n"
           "seeds: [0, 1]\n"
           "profile: quick\n" + tail;
  }
  ExperimentConfig load(const std::string& tail) const { return load_config(dir.write("exp.yaml", yaml(tail))); }
  std::vector<Job> jobs(const std::string& tail) const { return expand_jobs(load(tail), keys()); }
  std::string error(const std::string& text) const { return testing::config_error(dir, text); }
  static DataKeys keys() { return {{"A", "ka"}, {"B", "kb"}}; }
};

std::set<std::string> method_ids(const std::vector<Job>& jobs, const std::string& method = "") {
  std::set<std::string> ids;
  for (const auto& j : jobs)
    if (method.empty() || j.method == method) ids.insert(j.id);
  return ids;
}

TEST(Sweep, GridOfOneMethodsAxesLeavesTheOtherMethodAlone) {
  REQUIRE_LOGACTION();
  SweepFixture f;
  auto jobs = f.jobs("sweep: {LogAction.first_ratio: [0.05, 0.1, 0.2], LogAction.round_size: [0.005, 0.01]}\n");
  EXPECT_EQ(method_ids(jobs, "LogAction").size(), 6u * 8u);
  EXPECT_EQ(method_ids(jobs, "LogAction_wa").size(), 8u);
  EXPECT_EQ(method_ids(jobs).size(), jobs.size()) << "every job id is distinct";
  // Each point's parameters are resolved: 3 x 2 distinct (first_ratio, round_size) pairs.
  std::set<std::pair<double, double>> points;
  for (const auto& j : jobs)
    if (j.method == "LogAction") points.emplace(j.params.r("first_ratio"), j.params.r("round_size"));
  EXPECT_EQ(points.size(), 6u);
  EXPECT_TRUE(points.count({0.2, 0.005}));
  // The first axis is the outer one; the names say which point a job is.
  const auto first = std::find_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.method == "LogAction"; });
  EXPECT_EQ(first->variant, "first_ratio=0.05 round_size=0.005");
  EXPECT_NE(first->short_name().find("[first_ratio=0.05 round_size=0.005]"), std::string::npos);
}

TEST(Sweep, JobsWithTheSameResolvedParametersKeepTheirIds) {
  REQUIRE_LOGACTION();
  SweepFixture f;
  const auto plain = method_ids(f.jobs(""), "LogAction");
  // The quick defaults are first_ratio 0.1, round_size 0.01: that point is the unswept matrix.
  const auto swept = method_ids(f.jobs("sweep: {LogAction.first_ratio: [0.05, 0.1]}\n"), "LogAction");
  EXPECT_TRUE(std::includes(swept.begin(), swept.end(), plain.begin(), plain.end()));
  EXPECT_EQ(swept.size(), 2 * plain.size());
  // Adding a value adds only its jobs: every earlier id stays.
  const auto more = method_ids(f.jobs("sweep: {LogAction.first_ratio: [0.05, 0.1, 0.2]}\n"), "LogAction");
  EXPECT_TRUE(std::includes(more.begin(), more.end(), swept.begin(), swept.end()));
  EXPECT_EQ(more.size(), swept.size() + 8u);
  // A value written differently is the same job (0.10 = 0.1).
  EXPECT_EQ(method_ids(f.jobs("sweep: {LogAction.first_ratio: [0.10]}\n"), "LogAction"), plain);
}

TEST(Sweep, DryRunDescribesEachAxis) {
  REQUIRE_LOGACTION();
  SweepFixture f;
  auto cfg = f.load("sweep: {LogAction.first_ratio: [0.05, 0.1, 0.2], LogAction.round_size: [0.005, 0.01]}\n");
  const std::string text = describe_matrix(cfg, expand_jobs(cfg, SweepFixture::keys()));
  EXPECT_NE(text.find(": 56 jobs"), std::string::npos) << text;
  EXPECT_NE(text.find("sweep: 6 parameter sets = first_ratio (3 values: 0.05, 0.1, 0.2) x round_size (2 values: "
                      "0.005, 0.01)"),
            std::string::npos)
      << text;
}

TEST(Sweep, MistakesAreLocatedConfigErrorsWithSuggestions) {
  REQUIRE_LOGACTION();
  SweepFixture f;
  auto y = [](const std::string& tail) { return SweepFixture::yaml(tail); };
  std::string e = f.error(y("sweep: {LogActoin.first_ratio: [0.1]}\n"));
  EXPECT_NE(e.find("exp.yaml:9:9"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown method 'LogActoin'"), std::string::npos) << e;
  EXPECT_NE(e.find("'LogAction'"), std::string::npos) << e;
  e = f.error(y("sweep: {LogAction.frist_ratio: [0.1]}\n"));
  EXPECT_NE(e.find("exp.yaml:9:9"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown LogAction parameter 'frist_ratio'"), std::string::npos) << e;
  EXPECT_NE(e.find("'first_ratio'"), std::string::npos) << e;
  e = f.error(SweepFixture::yaml("sweep: {LogAction.first_ratio: [0.1]}\n", "[LogAction_wa]"));
  EXPECT_NE(e.find("method 'LogAction' is not in 'methods'"), std::string::npos) << e;
  e = f.error(y("sweep: {first_ratio: [0.1]}\n"));
  EXPECT_NE(e.find("must be Method.parameter"), std::string::npos) << e;
  e = f.error(y("sweep:\n  LogAction.first_ratio: [0.1, 1.5]\n"));
  EXPECT_NE(e.find("exp.yaml:10:32"), std::string::npos) << e;  // the value itself
  EXPECT_NE(e.find("'first_ratio' = 1.5 is outside"), std::string::npos) << e;
  e = f.error(y("sweep:\n  LogAction.round_epochs: [auto, '2,x']\n"));
  EXPECT_NE(e.find("exp.yaml:10:34"), std::string::npos) << e;
  EXPECT_NE(e.find("not a comma-separated list"), std::string::npos) << e;
  e = f.error(y("sweep:\n  LogAction.first_ratio: [0.1, 0.10]\n"));
  EXPECT_NE(e.find("lists the value 0.1 twice"), std::string::npos) << e;
  e = f.error(y("sweep: {LogAction.first_ratio: []}\n"));
  EXPECT_NE(e.find("non-empty list"), std::string::npos) << e;
  e = f.error(y("method_params: {LogAction: {first_ratio: 0.2}}\nsweep: {LogAction.first_ratio: [0.1]}\n"));
  EXPECT_NE(e.find("also set in method_params (line 9)"), std::string::npos) << e;
}

TEST(Sweep, EveryGridPointPassesTheMethodsCrossChecks) {
  if (!registered("LogSynergy")) GTEST_SKIP() << "LogSynergy is not registered";
  SweepFixture f;
  const std::string head = SweepFixture::yaml("", "[LogSynergy]");
  // heads 5 divides d_model 40 but not 32: the point (32, 5) is refused at its heads value.
  std::string e = f.error(head + "sweep:\n  LogSynergy.d_model: [40, 32]\n  LogSynergy.heads: [5]\n");
  EXPECT_NE(e.find("exp.yaml:11:22"), std::string::npos) << e;
  EXPECT_NE(e.find("d_model (32) must be a multiple of heads (5)"), std::string::npos) << e;
  EXPECT_NO_THROW(load_config(f.dir.write("ok.yaml", head + "sweep:\n  LogSynergy.d_model: [40, 30]\n  LogSynergy.heads: [5]\n")));
}

}  // namespace
}  // namespace logsweep
