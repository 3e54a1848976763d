#include "cluster/config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "experiments/method.hpp"
#include "support/two_methods.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;
using testing::two_methods;

// A directory with two tiny log files and a YAML built from `body` (appended after datasets).
struct Fixture {
  TempDir dir;
  std::string m0;
  Fixture() {
    dir.write("logs/a.log", "- 1 x\n");
    dir.write("logs/b.log", "- 1 y\n");
    dir.write("labels.csv", "BlockId,Label\n");
    auto ms = two_methods();
    m0 = ms.empty() ? "" : ms[0];
  }
  std::string head() const {
    return "name: t\n"
           "datasets:\n"
           "  - name: A\n"
           "    format: bgl\n"
           "    path: logs/a.log\n"
           "  - name: B\n"
           "    format: bgl\n"
           "    path: logs/b.log\n";
  }
  ExperimentConfig load(const std::string& yaml) const { return load_config(dir.write("exp.yaml", yaml)); }
  // The error text of loading `yaml` (fails the test if it loads).
  template <class E = ConfigError>
  std::string error(const std::string& yaml) const {
    try {
      load(yaml);
    } catch (const E& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected an error for:\n" << yaml;
    return "";
  }
};

#define REQUIRE_METHODS(f)                                      \
  if ((f).m0.empty()) GTEST_SKIP() << "no method registered yet"

TEST(Config, ParsesFullExampleWithDefaultsAndOverrides) {
  Fixture f;
  REQUIRE_METHODS(f);
  auto c = f.load(
      "name: demo\n"
      "profile: paper\n"
      "output: out/r.h5\n"
      "cache_dir: /tmp/abs-cache\n"
      "embedder: {kind: hashed, dim: 64}\n"
      "defaults:\n"
      "  window: {size: 10, step: 2}\n"
      "  split: {train_ratio: 0.6, max_windows: 500}\n"
      "datasets:\n"
      "  - name: A\n"
      "    format: bgl\n"
      "    path: logs/a.log\n"
      "    drain: {sim_threshold: 0.3}\n"
      "  - name: B\n"
      "    format: hdfs\n"
      "    path: logs/b.log\n"
      "    label_file: labels.csv\n"
      "    window: {kind: session}\n"
      "pairs: [[A, B], {source: B, target: A}]\n"
      "methods: [" + f.m0 + "]\n"
      "budgets: {from: 0, to: 0.02, step: 0.005}\n"
      "seeds: {count: 3, start: 7}\n"
      "keep_vectors: true\n");
  EXPECT_EQ(c.name, "demo");
  EXPECT_EQ(c.profile, Profile::Paper);
  EXPECT_EQ(c.output, f.dir.path() + "/out/r.h5");
  EXPECT_EQ(c.cache_dir, "/tmp/abs-cache");
  EXPECT_EQ(c.embedder.dim, 64);
  ASSERT_EQ(c.datasets.size(), 2u);
  const auto& a = c.dataset("A").spec;
  const auto& b = c.dataset("B").spec;
  EXPECT_EQ(a.reader.path, f.dir.path() + "/logs/a.log");
  EXPECT_EQ(b.reader.label_file, f.dir.path() + "/labels.csv");
  // defaults apply key by key; a dataset overrides only what it names
  EXPECT_EQ(a.window.size, 10);
  EXPECT_EQ(a.window.step, 2);
  EXPECT_EQ(a.window.kind, "fixed");
  EXPECT_EQ(b.window.kind, "session");
  EXPECT_EQ(b.window.size, 10);
  EXPECT_DOUBLE_EQ(a.split.train_ratio, 0.6);
  EXPECT_EQ(b.split.max_windows, 500);
  // drain: format defaults, then overrides
  EXPECT_DOUBLE_EQ(a.drain.sim_threshold, 0.3);
  EXPECT_EQ(a.drain.depth, drain_defaults("bgl").depth);
  EXPECT_EQ(b.drain.masks, drain_defaults("hdfs").masks);
  ASSERT_EQ(c.pairs.size(), 2u);
  EXPECT_EQ(c.pairs[1].source, "B");
  EXPECT_EQ(c.pairs[1].target, "A");
  EXPECT_EQ(c.budgets, (std::vector<double>{0, 0.005, 0.01, 0.015, 0.02}));
  EXPECT_EQ(c.seeds, (std::vector<std::uint64_t>{7, 8, 9}));
  EXPECT_TRUE(c.keep_vectors);
}

TEST(Config, DefaultsWhenKeysAreOmitted) {
  Fixture f;
  REQUIRE_METHODS(f);
  auto c = f.load(f.head() + "methods: [" + f.m0 + "]\nbudgets: [0.01]\n");
  EXPECT_EQ(c.profile, Profile::Quick);
  EXPECT_EQ(c.output, f.dir.path() + "/out/results.h5");
  EXPECT_EQ(c.cache_dir, f.dir.path() + "/out/cache");
  EXPECT_EQ(c.embedder.kind, "hashed");
  EXPECT_EQ(c.seeds, (std::vector<std::uint64_t>{0}));
  // pairs default to all ordered pairs of distinct datasets
  ASSERT_EQ(c.pairs.size(), 2u);
  EXPECT_EQ(c.pairs[0].source + c.pairs[0].target, "AB");
  EXPECT_EQ(c.pairs[1].source + c.pairs[1].target, "BA");
  EXPECT_EQ(c.used_datasets(), (std::vector<std::string>{"A", "B"}));
}

TEST(Config, PairsAllWithSamePairAllowed) {
  Fixture f;
  REQUIRE_METHODS(f);
  auto c = f.load(f.head() + "allow_same_pair: true\npairs: all\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_EQ(c.pairs.size(), 4u);
}

TEST(Config, YamlSyntaxErrorHasLocation) {
  Fixture f;
  std::string e = f.error("name: t\ndatasets: [\n  - {name: A\n");
  EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
  EXPECT_NE(e.find(f.dir.path() + "/exp.yaml:"), std::string::npos) << e;
}

TEST(Config, UnknownTopLevelKeySuggestsNearest) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "methods: [" + f.m0 + "]\nbudget: [0.01]\n");
  EXPECT_NE(e.find("exp.yaml:10:1"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'budget'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'budgets'"), std::string::npos) << e;
}

TEST(Config, UnknownNestedKeySuggestsNearest) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "    windw: {size: 3}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:9:5"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'windw'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'window'"), std::string::npos) << e;
  e = f.error(f.head() + "defaults: {split: {train_ratoi: 0.5}}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:9:20"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'train_ratio'"), std::string::npos) << e;
}

TEST(Config, UnknownMethodListsValidOnes) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string typo = f.m0.substr(0, f.m0.size() - 1);  // one letter short
  std::string e = f.error(f.head() + "methods: [" + f.m0 + ", " + typo + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:9:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown method '" + typo + "'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean '" + f.m0 + "'"), std::string::npos) << e;
  EXPECT_NE(e.find("valid: "), std::string::npos) << e;
}

TEST(Config, UnknownDatasetInPairs) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "pairs: [[A, Bee]]\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:9:13"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown dataset 'Bee'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'B'"), std::string::npos) << e;
}

TEST(Config, BudgetOutsideUnitInterval) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "methods: [" + f.m0 + "]\nbudgets: [0.01, 1.5]\n");
  EXPECT_NE(e.find("exp.yaml:10:17"), std::string::npos) << e;
  EXPECT_NE(e.find("budgets[1]"), std::string::npos) << e;
  EXPECT_NE(e.find("outside [0, 1]"), std::string::npos) << e;
}

TEST(Config, EmptySeeds) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "methods: [" + f.m0 + "]\nbudgets: [0]\nseeds: []\n");
  EXPECT_NE(e.find("exp.yaml:11:8"), std::string::npos) << e;
  EXPECT_NE(e.find("'seeds' is empty"), std::string::npos) << e;
}

TEST(Config, DuplicatePair) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e =
      f.error(f.head() + "pairs:\n  - [A, B]\n  - {source: A, target: B}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:11:5"), std::string::npos) << e;
  EXPECT_NE(e.find("pair A -> B is listed twice (first at line 10)"), std::string::npos) << e;
}

TEST(Config, SameSourceAndTargetNeedsOptIn) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string tail = "pairs: [[A, A]]\nmethods: [" + f.m0 + "]\nbudgets: [0]\n";
  std::string e = f.error(f.head() + tail);
  EXPECT_NE(e.find("exp.yaml:9:9"), std::string::npos) << e;
  EXPECT_NE(e.find("allow_same_pair"), std::string::npos) << e;
  EXPECT_EQ(f.load(f.head() + "allow_same_pair: true\n" + tail).pairs.size(), 1u);
}

TEST(Config, MissingLogFileIsInputErrorNamingFileAndLine) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string y = f.head() + "  - {name: C, format: bgl, path: logs/missing.log}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n";
  std::string e = f.error<InputError>(y);
  EXPECT_NE(e.find("exp.yaml:9:34"), std::string::npos) << e;
  EXPECT_NE(e.find("log file 'logs/missing.log' does not exist"), std::string::npos) << e;
  // Without file checks (dry tooling) it loads.
  LoadOptions no_check;
  no_check.check_files = false;
  EXPECT_NO_THROW(load_config(f.dir.write("exp2.yaml", y), no_check));
}

TEST(Config, DirectoryGivenAsLogFileIsNamedADirectory) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string y = f.head() + "  - {name: C, format: bgl, path: logs}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n";
  std::string e = f.error<InputError>(y);
  EXPECT_NE(e.find("log file 'logs' is a directory, not a file"), std::string::npos) << e;
}

TEST(Config, MissingLabelFile) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error<InputError>(f.head() + "    label_file: nolabels.csv\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:9:17"), std::string::npos) << e;
  EXPECT_NE(e.find("label file 'nolabels.csv' does not exist"), std::string::npos) << e;
}

TEST(Config, BadTypesAndChoices) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string tail = "methods: [" + f.m0 + "]\nbudgets: [0]\n";
  std::string e = f.error(f.head() + "    window: {size: ten}\n" + tail);
  EXPECT_NE(e.find("exp.yaml:9:20"), std::string::npos) << e;
  EXPECT_NE(e.find("'datasets[1].window.size' expects an integer, got 'ten'"), std::string::npos) << e;
  e = f.error(f.head() + "    window: {kind: sesion}\n" + tail);
  EXPECT_NE(e.find("did you mean 'session'"), std::string::npos) << e;
  e = f.error(f.head() + "keep_vectors: maybe\n" + tail);
  EXPECT_NE(e.find("expects true or false"), std::string::npos) << e;
  e = f.error(f.head() + "methods: " + f.m0 + "\nbudgets: [0]\n");
  EXPECT_NE(e.find("'methods' expects a list"), std::string::npos) << e;
  e = f.error(f.head() + "profile: fast\n" + tail);
  EXPECT_NE(e.find("exp.yaml:9:10"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown profile 'fast'"), std::string::npos) << e;
  e = f.error("name: t\ndatasets:\n  - {name: A, format: bgll, path: logs/a.log}\n" + tail);
  EXPECT_NE(e.find("did you mean 'bgl'"), std::string::npos) << e;
}

TEST(Config, MissingRequiredKey) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "methods: [" + f.m0 + "]\n");
  EXPECT_NE(e.find("missing required key 'budgets'"), std::string::npos) << e;
  e = f.error("name: t\ndatasets:\n  - {name: A, path: logs/a.log}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("exp.yaml:3:5"), std::string::npos) << e;
  EXPECT_NE(e.find("missing required key 'format'"), std::string::npos) << e;
}

TEST(Config, DuplicateDatasetName) {
  Fixture f;
  REQUIRE_METHODS(f);
  std::string e = f.error(f.head() + "  - {name: A, format: bgl, path: logs/b.log}\nmethods: [" + f.m0 + "]\nbudgets: [0]\n");
  EXPECT_NE(e.find("dataset 'A' is defined twice (first at line 3)"), std::string::npos) << e;
}

TEST(Config, MethodParamsCheckedAgainstSchemaWithLocation) {
  Fixture f;
  REQUIRE_METHODS(f);
  const auto& specs = find_method(f.m0).schema().specs();
  ASSERT_FALSE(specs.empty());
  const std::string key = specs.front().name;
  std::string tail = "methods: [" + f.m0 + "]\nbudgets: [0]\n";
  std::string e = f.error(f.head() + tail + "method_params:\n  " + f.m0 + ":\n    " + key + "x: 1\n");
  EXPECT_NE(e.find("exp.yaml:13:5"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean '" + key + "'"), std::string::npos) << e;
  e = f.error(f.head() + tail + "method_params:\n  Nope:\n    a: 1\n");
  EXPECT_NE(e.find("exp.yaml:12:3"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown method 'Nope'"), std::string::npos) << e;
  // A valid override reaches the resolved parameters.
  const ParamSpec& s = specs.front();
  std::string value = param_to_string(s.quick);
  auto c = f.load(f.head() + tail + "method_params: {" + f.m0 + ": {" + key + ": '" + value + "'}}\n");
  EXPECT_EQ(param_to_string(c.params_for(f.m0).values().at(key)), value);
}

TEST(Config, ReferenceListsEveryKey) {
  std::string ref = config_reference(false);
  for (const char* k : {"`name`", "`profile`", "`output`", "`cache_dir`", "`embedder`", "`defaults`", "`datasets`",
                        "`pairs`", "`allow_same_pair`", "`methods`", "`budgets`", "`seeds`", "`keep_vectors`",
                        "`method_params`", "`label_file`", "`sim_threshold`", "`train_ratio`", "`max_windows`",
                        "`step`", "`interpretations`"})
    EXPECT_NE(ref.find(k), std::string::npos) << k;
  EXPECT_NE(ref.find("| `name` | text | **required** |"), std::string::npos);
}

}  // namespace
}  // namespace logsweep

namespace logsweep {
namespace {

ExperimentConfig shipped(const std::string& name) {
  LoadOptions o;
  o.check_files = false;  // the paper configs name Loghub files the user downloads
  return load_config(std::string(LOGSWEEP_SOURCE_DIR) + "/experiments/configs/" + name, o);
}

TEST(ShippedConfigs, EveryShippedExperimentLoads) {
  for (const char* name :
       {"demo.yaml", "loghub_samples.yaml", "paper_table3.yaml", "selection_probe.yaml", "real_pairs.yaml"})
    EXPECT_NO_THROW(shipped(name)) << name;
}

TEST(ShippedConfigs, PaperTable3ReadsTheAuthorsLineRangesWithTheirSplit) {
  const auto c = shipped("paper_table3.yaml");
  const auto& bgl = c.dataset("BGL").spec;
  EXPECT_EQ(bgl.reader.skip_lines, 0u);
  EXPECT_EQ(bgl.reader.max_lines, 1020000u);  // s_end / t_end 1,020,000
  const auto& tb_target = c.dataset("Thunderbird").spec;
  EXPECT_EQ(tb_target.reader.skip_lines, 1000000u);  // t_start
  EXPECT_EQ(tb_target.reader.max_lines, 1000200u);   // t_end - t_start
  const auto& tb_source = c.dataset("Thunderbird_source").spec;
  EXPECT_EQ(tb_source.reader.skip_lines + tb_source.reader.max_lines, 2000000u);  // s_end
  EXPECT_EQ(c.dataset("Zookeeper").spec.split.scan_windows, 400001);
  for (const auto& d : c.datasets) {
    EXPECT_EQ(d.spec.split.kind, "stratified_per_class") << d.spec.name;
    EXPECT_EQ(d.spec.split.max_windows, 100000) << d.spec.name;
    EXPECT_EQ(d.spec.window.step, 1) << d.spec.name;
  }
  EXPECT_EQ(c.dataset("BGL").spec.split.scan_windows, 1000001);
  ASSERT_EQ(c.pairs.size(), 6u);
  for (const auto& p : c.pairs) {
    EXPECT_NE(p.source, "Thunderbird") << "the source role uses the source line range";
    EXPECT_NE(p.target, "Thunderbird_source");
  }
}

TEST(Config, FormerSplitKindLogactionIsAnErrorNamingTheNewName) {
  Fixture f;
  REQUIRE_METHODS(f);
  const auto msg = f.error(f.head() + "defaults:\n  split: {kind: logaction}\npairs: all\nmethods: [" + f.m0 +
                           "]\nbudgets: [0]\nseeds: [0]\n");
  EXPECT_NE(msg.find("stratified_per_class"), std::string::npos) << msg;
  EXPECT_NE(msg.find("exp.yaml:"), std::string::npos) << msg;
}

}  // namespace
}  // namespace logsweep
