// Settings that used to pass `--dry-run` and fail only when a job ran (issue 14 item 8) are
// ConfigErrors of the load, located at file:line:col of the key that is wrong.
#include <gtest/gtest.h>

#include <algorithm>

#include "cluster/config_error.hpp"
#include "cluster/config/config.hpp"
#include "experiments/method.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::TempDir;
using testing::registered;

struct LoadFixture {
  TempDir dir;
  LoadFixture() {
    dir.write("a.log", "- 1 x\n");
    dir.write("b.log", "- 1 y\n");
    dir.write("labels.csv", "BlockId,Label\n");
  }
  // Dataset A is line 3; `b_keys` are dataset B's extra keys (from line 8 on).
  static std::string yaml(const std::string& b_keys, const std::string& tail) {
    return "name: t\n"
           "datasets:\n"
           "  - name: A\n"
           "    format: bgl\n"
           "    path: a.log\n"
           "  - name: B\n"
           "    path: b.log\n" +
           b_keys + tail;
  }
  std::string error(const std::string& text) const { return testing::config_error(dir, text); }
};

const char* kTail = "methods: [LogAction]\nbudgets: [0]\n";

TEST(LoadChecks, LabelFieldNamingNoFieldIsLocatedWithTheNearestField) {
  if (!registered("LogAction")) GTEST_SKIP() << "LogAction is not registered";
  LoadFixture f;
  std::string e = f.error(LoadFixture::yaml("    format: zookeeper\n    label_field: Levl\n    label_regex: ERR\n", kTail));
  EXPECT_NE(e.find("exp.yaml:9:18"), std::string::npos) << e;
  EXPECT_NE(e.find("label_field 'Levl' is not a field"), std::string::npos) << e;
  EXPECT_NE(e.find("'Level'"), std::string::npos) << e;
  // A label_field without label_regex, and a bad regex, are load errors too.
  e = f.error(LoadFixture::yaml("    format: zookeeper\n    label_field: Level\n", kTail));
  EXPECT_NE(e.find("go together"), std::string::npos) << e;
  e = f.error(LoadFixture::yaml("    format: zookeeper\n    label_field: Level\n    label_regex: '(ERR'\n", kTail));
  EXPECT_NE(e.find("exp.yaml:10:18"), std::string::npos) << e;
  EXPECT_NE(e.find("bad label_regex"), std::string::npos) << e;
}

TEST(LoadChecks, GenericFormatNeedsALineFormatAndItsLabelFileASessionField) {
  if (!registered("LogAction")) GTEST_SKIP() << "LogAction is not registered";
  LoadFixture f;
  std::string e = f.error(LoadFixture::yaml("    format: generic\n", kTail));
  EXPECT_NE(e.find("exp.yaml:6:5"), std::string::npos) << e;  // the dataset entry: no line_format key to point at
  EXPECT_NE(e.find("needs a line_format"), std::string::npos) << e;
  e = f.error(LoadFixture::yaml("    format: generic\n    line_format: '<Date> <Content'\n", kTail));
  EXPECT_NE(e.find("exp.yaml:9:18"), std::string::npos) << e;
  e = f.error(LoadFixture::yaml("    format: generic\n    line_format: '<Level> <Content>'\n    label_file: labels.csv\n", kTail));
  EXPECT_NE(e.find("exp.yaml:10:17"), std::string::npos) << e;
  EXPECT_NE(e.find("needs a session key"), std::string::npos) << e;
  // Well-formed settings still load.
  EXPECT_NO_THROW(load_config(f.dir.write(
      "ok.yaml", LoadFixture::yaml("    format: generic\n    line_format: '<Level> <Content>'\n    label_field: Level\n"
                               "    label_regex: ^E\n",
                               kTail))));
}

TEST(LoadChecks, LabelFileTheFormatWouldIgnoreOrThatClashesWithALabelRule) {
  if (!registered("LogAction")) GTEST_SKIP() << "LogAction is not registered";
  LoadFixture f;
  std::string e = f.error(LoadFixture::yaml("    format: bgl\n    label_file: labels.csv\n", kTail));
  EXPECT_NE(e.find("exp.yaml:9:17"), std::string::npos) << e;
  EXPECT_NE(e.find("never reads a label_file"), std::string::npos) << e;
  e = f.error(LoadFixture::yaml("    format: hdfs\n    label_file: labels.csv\n    label_field: Level\n    label_regex: x\n", kTail));
  EXPECT_NE(e.find("not both"), std::string::npos) << e;
}

TEST(LoadChecks, MalformedRoundEpochsIsLocatedAtItsKey) {
  if (!registered("LogAction")) GTEST_SKIP() << "LogAction is not registered";
  LoadFixture f;
  const std::string head = LoadFixture::yaml("    format: bgl\n", "methods: [LogAction]\nbudgets: [0, 0.01]\n");
  std::string e = f.error(head + "method_params:\n  LogAction: {epochs: 3, round_epochs: '2,x'}\n");
  EXPECT_NE(e.find("exp.yaml:12:26"), std::string::npos) << e;
  EXPECT_NE(e.find("LogAction parameter 'round_epochs'"), std::string::npos) << e;
  EXPECT_NE(e.find("'2,x' is not a comma-separated list"), std::string::npos) << e;
  e = f.error(head + "method_params:\n  LogAction: {round_epochs: '20,10'}\n");
  EXPECT_NE(e.find("must increase"), std::string::npos) << e;
  EXPECT_NO_THROW(load_config(f.dir.write("ok.yaml", head + "method_params:\n  LogAction: {round_epochs: '2,4'}\n")));
}

TEST(LoadChecks, LogSynergyHeadsMustDivideDModelAtLoad) {
  if (!registered("LogSynergy")) GTEST_SKIP() << "LogSynergy is not registered";
  LoadFixture f;
  const std::string head = LoadFixture::yaml("    format: bgl\n", "methods: [LogSynergy]\nbudgets: [0]\n");
  // Quick profile: d_model 32; the error points at the key the user set (heads).
  std::string e = f.error(head + "method_params:\n  LogSynergy: {heads: 5}\n");
  EXPECT_NE(e.find("exp.yaml:12:16"), std::string::npos) << e;
  EXPECT_NE(e.find("d_model (32) must be a multiple of heads (5)"), std::string::npos) << e;
  e = f.error(head + "method_params:\n  LogSynergy: {daan_max_iter: 0}\n");
  EXPECT_NE(e.find("LogSynergy parameter 'daan_max_iter'"), std::string::npos) << e;
}

TEST(LoadChecks, EmbedderThatNeedsAFileWithoutPathIsLocated) {
  if (!registered("LogAction")) GTEST_SKIP() << "LogAction is not registered";
  LoadFixture f;
  for (const char* kind : {"glove", "torchscript"}) {
    std::string e = f.error("embedder: {kind: " + std::string(kind) + "}\n" + LoadFixture::yaml("    format: bgl\n", kTail));
    EXPECT_NE(e.find("exp.yaml:1:11"), std::string::npos) << e;
    EXPECT_NE(e.find("needs 'path'"), std::string::npos) << e;
  }
}

TEST(LoadChecks, EveryMethodsDefaultsPassItsOwnChecks) {
  for (const auto& m : method_names())
    for (Profile p : {Profile::Paper, Profile::Quick})
      EXPECT_NO_THROW(Params::resolve(find_method(m).schema(), p)) << m << " " << profile_name(p);
}

}  // namespace
}  // namespace logsweep
