// Dataset settings as sweep axes (issue 17): `sweep: {window.size: [10, 20], embedder.dim: [..]}`
// prepares every dataset once per point and runs every pair at every point; a point equal to the
// unswept setting keeps its jobs' ids; mistakes are located ConfigErrors.
#include <gtest/gtest.h>

#include <set>

#include "cluster/config_error.hpp"
#include "cluster/config/schema.hpp"
#include "cluster/matrix.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;

struct DataSweepFixture {
  TempDir dir;
  DataSweepFixture() {
    dir.write("a.log", "x\n");
    dir.write("b.log", "y\n");
  }
  // 2 pairs x 1 method x 2 budgets x 2 seeds = 8 jobs per data point; `tail` starts at line 11.
  static std::string yaml(const std::string& tail) {
    return "name: s\n"
           "embedder: {kind: hashed}\n"
           "defaults: {split: {train_ratio: 0.6}}\n"
           "datasets:\n"
           "  - {name: A, format: bgl, path: a.log}\n"
           "  - {name: B, format: bgl, path: b.log, window: {step: 2}}\n"
           "methods: [DeepLog]\n"
           "budgets: [0, 0.01]\n"
           "seeds: [0, 1]\n"
           "profile: quick\n" + tail;
  }
  ExperimentConfig load(const std::string& tail) const { return load_config(dir.write("exp.yaml", yaml(tail))); }
  std::vector<Job> jobs(const std::string& tail) const {
    auto cfg = load(tail);
    return expand_jobs(cfg, data_keys(cfg));
  }
  std::string error(const std::string& tail, const std::string& embedder = "") const {
    std::string text = yaml(tail);
    if (!embedder.empty()) text.replace(text.find("{kind: hashed}"), 14, embedder);
    return testing::config_error(dir, text);
  }
};

std::set<std::string> ids_of(const std::vector<Job>& jobs, const std::string& point = "*") {
  std::set<std::string> ids;
  for (const auto& j : jobs)
    if (point == "*" || j.data_point == point) ids.insert(j.id);
  return ids;
}

TEST(DataSweep, EveryDatasetOncePerPointWithThePointsSettings) {
  DataSweepFixture f;
  auto cfg = f.load("sweep: {window.size: [10, 20], embedder.dim: [8, 16]}\n");
  ASSERT_EQ(cfg.data_points.size(), 4u);
  EXPECT_EQ(cfg.data_points[0], "window.size=10;embedder.dim=8");  // the first axis outermost
  EXPECT_EQ(cfg.data_points[3], "window.size=20;embedder.dim=16");
  ASSERT_EQ(cfg.datasets.size(), 8u);
  const DatasetEntry& b = cfg.dataset("B@window.size=10;embedder.dim=16");
  EXPECT_EQ(b.base, "B");
  EXPECT_EQ(b.spec.window.size, 10);
  EXPECT_EQ(b.spec.window.step, 2);  // the entry's own settings stay
  EXPECT_EQ(b.spec.split.train_ratio, 0.6);
  EXPECT_EQ(b.embedder.dim, 16);
  EXPECT_EQ(cfg.used_datasets().size(), 8u);
  // Pairs keep the YAML's names; every pair runs at every point, each point on its own data.
  EXPECT_EQ(cfg.pairs.size(), 2u);
  const auto jobs = expand_jobs(cfg, data_keys(cfg));
  EXPECT_EQ(jobs.size(), 4u * 8u);
  EXPECT_EQ(ids_of(jobs).size(), jobs.size()) << "every job id is distinct";
  std::set<std::string> data_keys_seen;
  for (const auto& j : jobs) {
    EXPECT_TRUE(j.source == "A" || j.source == "B") << j.source;
    data_keys_seen.insert(j.data_key);
  }
  EXPECT_EQ(data_keys_seen.size(), 4u * 2u);  // 2 pairs at 4 points
  EXPECT_NE(jobs.front().short_name().find("[window.size=10;embedder.dim=8]"), std::string::npos)
      << jobs.front().short_name();
}

TEST(DataSweep, ThePointEqualToTheUnsweptSettingKeepsItsJobIds) {
  DataSweepFixture f;
  const auto plain = ids_of(f.jobs(""));
  const auto swept = f.jobs("sweep: {window.size: [10, 20]}\n");  // 20 is the default
  EXPECT_EQ(ids_of(swept, "window.size=20"), plain);
  EXPECT_EQ(ids_of(swept).size(), 2 * plain.size());
  // Written otherwise, the same value is the same point (0.00 = the default gap 0).
  EXPECT_EQ(ids_of(f.jobs("sweep: {split.gap_ratio: [0.00]}\n")), plain);
}

TEST(DataSweep, DryRunDescribesTheDataAxes) {
  DataSweepFixture f;
  auto cfg = f.load("sweep: {window.size: [10, 20], split.gap_ratio: [0, 0.05, 0.1]}\n");
  const std::string text = describe_matrix(cfg, expand_jobs(cfg, data_keys(cfg)));
  EXPECT_NE(text.find(": 48 jobs"), std::string::npos) << text;
  EXPECT_NE(text.find("data sweep: 6 points = window.size (2 values: 10, 20) x split.gap_ratio (3 values: 0, 0.05, 0.1)"),
            std::string::npos)
      << text;
}

TEST(DataSweep, MistakesAreLocatedConfigErrors) {
  DataSweepFixture f;
  std::string e = f.error("sweep: {window.sise: [10]}\n");
  EXPECT_NE(e.find("exp.yaml:11:9"), std::string::npos) << e;
  EXPECT_NE(e.find("'window.sise' cannot be swept"), std::string::npos) << e;
  EXPECT_NE(e.find("'size'"), std::string::npos) << e;
  e = f.error("sweep: {embedder.kind: [hashed]}\n");
  EXPECT_NE(e.find("embedder keys that can are dim"), std::string::npos) << e;
  e = f.error("sweep: {windw.size: [10]}\n");
  EXPECT_NE(e.find("'window'"), std::string::npos) << e;  // suggested beside the methods
  e = f.error("sweep:\n  window.size: [10, 0]\n");
  EXPECT_NE(e.find("exp.yaml:12:21"), std::string::npos) << e;  // the value itself
  EXPECT_NE(e.find("'sweep.window.size[1]' = 0 is outside"), std::string::npos) << e;
  e = f.error("sweep:\n  split.gap_ratio: [0.1, 0.10]\n");
  EXPECT_NE(e.find("exp.yaml:12:26"), std::string::npos) << e;
  EXPECT_NE(e.find("lists the value 0.1 twice"), std::string::npos) << e;
  // Set explicitly elsewhere: in defaults, in a dataset entry, in the embedder.
  e = f.error("sweep: {split.train_ratio: [0.5]}\n");
  EXPECT_NE(e.find("also set at line 3"), std::string::npos) << e;
  e = f.error("sweep: {window.step: [1, 3]}\n");
  EXPECT_NE(e.find("also set at line 6"), std::string::npos) << e;
  EXPECT_NE(e.find("datasets[1].window.step"), std::string::npos) << e;
  EXPECT_NO_THROW(f.load("sweep: {embedder.dim: [8]}\n"));
  e = f.error("sweep: {embedder.dim: [8]}\n", "{kind: hashed, dim: 16}");
  EXPECT_NE(e.find("also set at line 2"), std::string::npos) << e;
}

TEST(DataSweep, JobsStoreEverySweepableSettingSoALaterAxisFindsIt) {
  DataSweepFixture f;
  auto cfg = f.load("");
  const auto jobs = expand_jobs(cfg, data_keys(cfg));
  const Job& a_to_b = *std::find_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.source == "A"; });
  // Every window and split key, and the embedder's dim: a key added to a table must be stored too.
  for (const auto& k : config_detail::window_keys())
    EXPECT_NE(a_to_b.data_settings.find(std::string("window.") + k.name + "="), std::string::npos) << k.name;
  for (const auto& k : config_detail::split_keys())
    EXPECT_NE(a_to_b.data_settings.find(std::string("split.") + k.name + "="), std::string::npos) << k.name;
  EXPECT_NE(a_to_b.data_settings.find(";embedder.dim=300"), std::string::npos) << a_to_b.data_settings;
  // A has step 1 and B step 2: the pair's value names both, source first.
  EXPECT_NE(a_to_b.data_settings.find(";window.step=1>2;"), std::string::npos) << a_to_b.data_settings;
  EXPECT_NE(a_to_b.data_settings.find(";split.train_ratio=0.6;"), std::string::npos) << a_to_b.data_settings;
}

}  // namespace
}  // namespace logsweep
