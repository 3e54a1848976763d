// Readers on the real Loghub 2k samples, checked line by line against the LogPAI
// *_structured.csv ground truth (Content, Label, Timestamp columns).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <regex>
#include <string>

#include "core/logs/log_families.hpp"
#include "logs/reader_test_util.hpp"
#include "logs/structured_csv.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::read_all;
using testing::read_structured_csv;
using testing::shared_data;
using testing::shared_data_available;
using testing::spec_for;

struct Sample {
  std::string dir;
  std::string format;
};

// The families of the table with a Loghub 2k sample.
std::vector<Sample> samples() {
  std::vector<Sample> out;
  for (const auto& f : log_families())
    if (!f.loghub_sample.empty()) out.push_back({f.loghub_sample, f.name});
  return out;
}

class LoghubSample : public ::testing::TestWithParam<Sample> {};

TEST_P(LoghubSample, EveryLineParsesToTheStructuredCsvContent) {
  if (!shared_data_available()) GTEST_SKIP() << "shared Loghub data absent";
  const Sample s = GetParam();
  const std::string base = s.dir + "/" + s.dir + "_2k.log";
  auto r = read_all(spec_for(s.format, shared_data(base)));
  const auto csv = read_structured_csv(shared_data(base + "_structured.csv"));
  ASSERT_EQ(r.stats.lines, 2000u);
  ASSERT_EQ(r.stats.malformed, 0u);
  ASSERT_EQ(r.records.size(), csv.rows.size());
  const auto content = csv.values("Content");
  for (std::size_t i = 0; i < content.size(); ++i) {
    ASSERT_EQ(r.records[i].content, content[i]) << base << " line " << i + 1;
    ASSERT_EQ(r.records[i].line_no, i + 1);
  }
  const auto label = csv.values("Label");
  const auto ts = csv.values("Timestamp");
  std::uint64_t anomalies = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    ASSERT_EQ(r.records[i].label, label[i] != "-" ? 1 : 0) << base << " line " << i + 1;
    ASSERT_EQ(r.records[i].timestamp, std::stoll(ts[i])) << base << " line " << i + 1;
    anomalies += label[i] != "-";
  }
  if (!label.empty()) {
    EXPECT_EQ(r.stats.anomalous, anomalies);
  }
}

INSTANTIATE_TEST_SUITE_P(Loghub2k, LoghubSample, ::testing::ValuesIn(samples()),
                         [](const auto& info) { return info.param.dir; });

TEST(LoghubCounts, Bgl2kHas143AlertLines) {
  if (!shared_data_available()) GTEST_SKIP() << "shared Loghub data absent";
  auto r = read_all(spec_for("bgl", shared_data("BGL/BGL_2k.log")));
  EXPECT_EQ(r.stats.anomalous, 143u);
}

TEST(LoghubCounts, Zookeeper2kHas13ErrorLines) {
  if (!shared_data_available()) GTEST_SKIP() << "shared Loghub data absent";
  auto r = read_all(spec_for("zookeeper", shared_data("Zookeeper/Zookeeper_2k.log")));
  const auto levels = read_structured_csv(shared_data("Zookeeper/Zookeeper_2k.log_structured.csv")).values("Level");
  EXPECT_EQ(std::count(levels.begin(), levels.end(), "ERROR"), 13);
  EXPECT_EQ(r.stats.anomalous, 13u);
}

TEST(LoghubCounts, Hdfs2kLinesTakeTheirBlockLabel) {
  if (!shared_data_available()) GTEST_SKIP() << "shared Loghub data absent";
  auto spec = spec_for("hdfs", shared_data("HDFS/HDFS_2k.log"));
  spec.label_file = shared_data("HDFS/anomaly_label_2k.csv");
  auto r = read_all(spec);
  // Independent expectation: first blk id of each csv Content, looked up in the label csv.
  const auto labels = read_structured_csv(spec.label_file);
  std::map<std::string, std::string> by_block;
  for (const auto& row : labels.rows) by_block[row[0]] = row[1];
  const auto content = read_structured_csv(shared_data("HDFS/HDFS_2k.log_structured.csv")).values("Content");
  const std::regex blk(R"(blk_-?\d+)");
  std::uint64_t expected = 0;
  std::set<std::string> anomalous_blocks;
  for (std::size_t i = 0; i < content.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(content[i], m, blk));
    EXPECT_EQ(r.records[i].session, m.str());
    const bool a = by_block[m.str()] == "Anomaly";
    EXPECT_EQ(r.records[i].label, a ? 1 : 0) << "line " << i + 1;
    expected += a;
    if (a) anomalous_blocks.insert(m.str());
  }
  EXPECT_EQ(r.stats.anomalous, expected);
  EXPECT_GT(expected, 0u);
  // 69 blocks are anomalous in the label file; one of them is only ever a line's second block id.
  EXPECT_EQ(anomalous_blocks.size(), 68u);
}

TEST(LoghubCounts, OpenStack2kNames22Instances) {
  if (!shared_data_available()) GTEST_SKIP() << "shared Loghub data absent";
  auto r = read_all(spec_for("openstack", shared_data("OpenStack/OpenStack_2k.log")));
  std::set<std::string> instances;
  for (const auto& rec : r.records) {
    if (!rec.session.empty()) instances.insert(rec.session);
  }
  EXPECT_EQ(instances.size(), 22u);
}

}  // namespace
}  // namespace logsweep
