#include "cluster/matrix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "experiments/method.hpp"
#include "support/two_methods.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;
using testing::two_methods;

// An integer parameter of `method` and a valid value different from its quick default.
bool alternative_param(const std::string& method, std::string& key, std::string& value) {
  for (const auto& s : find_method(method).schema().specs()) {
    if (auto* v = std::get_if<std::int64_t>(&s.quick)) {
      std::int64_t alt = *v + 1 <= s.max ? *v + 1 : *v - 1;
      if (alt < s.min) continue;
      key = s.name;
      value = std::to_string(alt);
      return true;
    }
  }
  return false;
}

struct MatrixFixture {
  TempDir dir;
  std::vector<std::string> methods = two_methods();
  MatrixFixture() {
    dir.write("a.log", "x\n");
    dir.write("b.log", "y\n");
    dir.write("c.log", "z\n");
  }
  ExperimentConfig config(const std::string& extra = "") const {
    std::string y =
        "name: m\n"
        "datasets:\n"
        "  - {name: A, format: bgl, path: a.log}\n"
        "  - {name: B, format: bgl, path: b.log}\n"
        "  - {name: C, format: bgl, path: c.log}\n"
        "pairs: [[A, B], [B, C], [C, A]]\n"
        "methods: [" + methods[0] + ", " + methods[1] + "]\n"
        "budgets: [0, 0.01, 0.02]\n"
        "seeds: [0, 1]\n" + extra;
    return load_config(dir.write("exp.yaml", y));
  }
  static DataKeys keys() { return {{"A", "ka"}, {"B", "kb"}, {"C", "kc"}}; }
};

TEST(Matrix, ExpandsPairsMethodsBudgetsSeeds) {
  MatrixFixture f;
  if (f.methods.size() < 2) GTEST_SKIP() << "needs two registered methods";
  auto cfg = f.config();
  auto jobs = expand_jobs(cfg, MatrixFixture::keys());
  ASSERT_EQ(jobs.size(), 3u * 2 * 3 * 2);
  std::set<std::string> ids;
  std::map<std::string, int> per_method;
  for (const auto& j : jobs) {
    ids.insert(j.id);
    per_method[j.method]++;
    EXPECT_EQ(j.id.size(), 16u);
    EXPECT_EQ(j.params.canonical(), cfg.params_for(j.method).canonical());
  }
  EXPECT_EQ(ids.size(), jobs.size()) << "ids must be unique";
  EXPECT_EQ(per_method[f.methods[0]], 18);
  // config order: first pair, first method, budgets then seeds
  EXPECT_EQ(jobs[0].source, "A");
  EXPECT_EQ(jobs[0].target, "B");
  EXPECT_EQ(jobs[1].seed, 1u);
  EXPECT_DOUBLE_EQ(jobs[2].budget, 0.01);
  EXPECT_EQ(jobs[0].data_key, "ka:kb");
  EXPECT_EQ(jobs[0].short_name(), f.methods[0] + " A>B b=0 s=0");
  EXPECT_EQ(expand_jobs(cfg, MatrixFixture::keys(), JobFilter{f.methods[1], {}}).size(), 18u);
  EXPECT_THROW(expand_jobs(cfg, MatrixFixture::keys(), JobFilter{"NotAMethod", {}}), ConfigError);
}

TEST(Matrix, BudgetFilterKeepsThatSliceWithTheFullMatrixsIds) {
  MatrixFixture f;
  auto cfg = f.config();
  const auto all = expand_jobs(cfg, MatrixFixture::keys());
  const auto slice = expand_jobs(cfg, MatrixFixture::keys(), JobFilter{"", {0.01}});
  std::set<std::string> expected;
  for (const auto& j : all)
    if (j.budget == 0.01) expected.insert(j.id);
  ASSERT_FALSE(slice.empty());
  std::set<std::string> got;
  for (const auto& j : slice) got.insert(j.id);
  EXPECT_EQ(got, expected);
  EXPECT_LT(slice.size(), all.size());
  EXPECT_THROW(expand_jobs(cfg, MatrixFixture::keys(), JobFilter{"", {0.5}}), ConfigError);
}

TEST(Matrix, IdsAreStableAndChangeOnlyForTheChangedMethod) {
  MatrixFixture f;
  if (f.methods.size() < 2) GTEST_SKIP() << "needs two registered methods";
  std::string key, value;
  if (!alternative_param(f.methods[0], key, value)) GTEST_SKIP() << "no integer parameter to change";
  auto base = expand_jobs(f.config(), MatrixFixture::keys());
  auto again = expand_jobs(f.config(), MatrixFixture::keys());
  auto changed = expand_jobs(f.config("method_params: {" + f.methods[0] + ": {" + key + ": " + value + "}}\n"),
                             MatrixFixture::keys());
  ASSERT_EQ(base.size(), changed.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    EXPECT_EQ(base[i].id, again[i].id);
    if (base[i].method == f.methods[0])
      EXPECT_NE(base[i].id, changed[i].id) << base[i].short_name();
    else
      EXPECT_EQ(base[i].id, changed[i].id) << base[i].short_name();
  }
}

TEST(Matrix, IdsDependOnDataKeysAndKeepVectors) {
  MatrixFixture f;
  if (f.methods.size() < 2) GTEST_SKIP() << "needs two registered methods";
  auto cfg = f.config();
  auto base = expand_jobs(cfg, MatrixFixture::keys());
  auto keys = MatrixFixture::keys();
  keys["C"] = "kc2";  // e.g. C's window size changed
  auto changed = expand_jobs(cfg, keys);
  for (std::size_t i = 0; i < base.size(); ++i) {
    bool uses_c = base[i].source == "C" || base[i].target == "C";
    EXPECT_EQ(base[i].id != changed[i].id, uses_c) << base[i].short_name();
  }
  EXPECT_NE(job_id(base[0], true), job_id(base[0], false));
  // A pinned value: the id is a pure function of the job's fields (FNV-1a, core/util/hash).
  Job j = base[0];
  j.id.clear();
  EXPECT_EQ(job_id(j, false), base[0].id);
}

// Issue 15: a job resumed on another device is the same job, so the device is no part of its id.
TEST(Matrix, IdsDoNotDependOnTheDevice) {
  MatrixFixture f;
  if (f.methods.size() < 2) GTEST_SKIP() << "needs two registered methods";
  auto base = expand_jobs(f.config(), MatrixFixture::keys());
  for (const char* device : {"cpu", "cuda", "cuda:3"}) {
    auto other = expand_jobs(f.config(std::string("device: ") + device + "\n"), MatrixFixture::keys());
    ASSERT_EQ(base.size(), other.size());
    for (std::size_t i = 0; i < base.size(); ++i) EXPECT_EQ(base[i].id, other[i].id) << device;
  }
}

TEST(Matrix, OrderByCostIsLongestFirstAndStable) {
  std::vector<Job> jobs(4);
  double costs[] = {1, 5, 1, 3};
  for (int i = 0; i < 4; ++i) {
    jobs[i].id = std::to_string(i);
    jobs[i].cost = costs[i];
  }
  order_by_cost(jobs);
  std::string order;
  for (const auto& j : jobs) order += j.id;
  EXPECT_EQ(order, "1302");
}

TEST(Matrix, DescribeMatrixCountsPerMethod) {
  MatrixFixture f;
  if (f.methods.size() < 2) GTEST_SKIP() << "needs two registered methods";
  auto cfg = f.config();
  auto jobs = expand_jobs(cfg, MatrixFixture::keys());
  std::string d = describe_matrix(cfg, jobs);
  EXPECT_NE(d.find("36 jobs"), std::string::npos) << d;
  EXPECT_NE(d.find("pairs (3): A -> B, B -> C, C -> A"), std::string::npos) << d;
  EXPECT_NE(d.find("budgets (3): 0, 0.01, 0.02"), std::string::npos) << d;
  EXPECT_NE(d.find("seeds (2): 0, 1"), std::string::npos) << d;
  EXPECT_NE(d.find(f.methods[0]), std::string::npos) << d;
  EXPECT_NE(d.find("18 jobs"), std::string::npos) << d;
}

}  // namespace
}  // namespace logsweep
