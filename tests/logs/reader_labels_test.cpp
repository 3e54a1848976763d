// Per-family label, session and timestamp rules on hand-written lines.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/logs/label_file.hpp"
#include "core/util/errors.hpp"
#include "logs/reader_test_util.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::read_all;
using testing::spec_for;
using testing::TempDir;

const std::string kHdfs =
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating\n"
    "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating\n"
    "081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864\n"
    "081109 204106 329 INFO dfs.DataNode: Starting thread to transfer nothing\n";

TEST(HdfsReader, LabelsComeFromTheBlockLabelFile) {
  TempDir dir;
  auto spec = spec_for("hdfs", dir.write("h.log", kHdfs));
  spec.label_file = dir.write("labels.csv",
                              "BlockId,Label\r\nblk_38865049064139660,Normal\r\nblk_-6952295868487656571,Anomaly\r\n");
  auto r = read_all(spec);
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].session, "blk_38865049064139660");
  EXPECT_EQ(r.records[0].label, 0);
  EXPECT_EQ(r.records[1].session, "blk_-6952295868487656571");
  EXPECT_EQ(r.records[1].label, 1);
  EXPECT_EQ(r.records[1].content, "PacketResponder 0 for block blk_-6952295868487656571 terminating");
  EXPECT_EQ(r.records[2].session, "blk_7128370237687728475");  // not in the file: normal
  EXPECT_EQ(r.records[2].label, 0);
  EXPECT_EQ(r.records[3].session, "");  // no block id
  EXPECT_EQ(r.stats.anomalous, 1u);
  // 2008-11-09 20:36:15 UTC
  EXPECT_EQ(r.records[0].timestamp, 1226262975);
}

TEST(HdfsReader, TimestampsFollowDateChanges) {
  TempDir dir;
  const auto path = dir.write("h.log",
                              "081109 235959 1 INFO a.B: x blk_1\n081110 000001 1 INFO a.B: y blk_1\n"
                              "081109 235959 1 INFO a.B: z blk_1\n");
  auto r = read_all(spec_for("hdfs", path));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].timestamp - r.records[0].timestamp, 2);
  EXPECT_EQ(r.records[2].timestamp, r.records[0].timestamp);
}

TEST(LabelFile, AcceptsLoghubCsvAnomalyListsAndAecidSessionFiles) {
  TempDir dir;
  auto csv = detail::load_session_labels(dir.write("a.csv", "BlockId,Label\nblk_1,Normal\nblk_2,Anomaly\n\n"));
  EXPECT_EQ(csv.find("blk_1"), 0);
  EXPECT_EQ(csv.find("blk_2"), 1);
  EXPECT_EQ(csv.find("blk_3"), -1);
  EXPECT_TRUE(csv.lists_normals);
  EXPECT_EQ(csv.anomalous, 1u);
  auto aecid = detail::load_session_labels(
      dir.write("abn", "3edec1e4-9678-4a3a-a21b-a145a4ee5e61,25 3 22 20\r\n2b590f10-49fd-4ec9-ae41-19596c2f4b25,23\r\n"));
  EXPECT_EQ(aecid.find("3edec1e4-9678-4a3a-a21b-a145a4ee5e61"), 1);
  EXPECT_EQ(aecid.find("2b590f10-49fd-4ec9-ae41-19596c2f4b25"), 1);
  EXPECT_FALSE(aecid.lists_normals);
  auto list = detail::load_session_labels(dir.write("l.txt", "Abnormal VM ids follow:\nabc-1\nabc-2\n"));
  EXPECT_EQ(list.label.size(), 2u);
  EXPECT_EQ(list.anomalous, 2u);
}

// Issue 14 item 7: label files that would label nothing, or whose header is wrong, are errors
// naming the file (they were accepted, and every job then "skipped").
TEST(LabelFile, EmptyHeaderOnlyAndWrongHeaderFilesAreInputErrorsNamingTheFile) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty.csv", ""},
      {"blank.csv", "\n\n"},
      {"header.csv", "BlockId,Label\r\n"},
      {"prose.txt", "Following are the abnormal ids:\n"},
      {"tabs.csv", "BlockId\tLabel\nblk_1\tAnomaly\n"},  // no comma: every line reads as prose
      {"anomaly_header.csv", "BlockId,Anomaly\nblk_1,Normal\nblk_2,Anomaly\n"},
      {"semicolons.csv", "BlockId;Label\nblk_1;Anomaly\n"},
      {"status_header.csv", "BlockId,Status\nblk_1,Anomaly\n"},
  };
  for (const auto& [name, text] : bad) {
    const std::string path = dir.write(name, text);
    try {
      detail::load_session_labels(path);
      ADD_FAILURE() << name << " accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
  // Headers stay optional; a digit-bearing first id is data.
  auto bare = detail::load_session_labels(dir.write("bare.csv", "blk_1,Normal\nblk_2,Anomaly\n"));
  EXPECT_EQ(bare.label.size(), 2u);
  auto id_header = detail::load_session_labels(dir.write("id.csv", "Id,Label\nx,Anomaly\n"));
  EXPECT_EQ(id_header.find("x"), 1);
}

TEST(HdfsReader, MissingLabelFileIsAnInputErrorNamingIt) {
  TempDir dir;
  auto spec = spec_for("hdfs", dir.write("h.log", kHdfs));
  spec.label_file = dir.file("no_labels.csv");
  try {
    open_reader(spec);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no_labels.csv"), std::string::npos) << e.what();
  }
}

TEST(HdfsReader, LabelFileNamingNoBlockOfTheLogFailsAtEndOfFile) {
  TempDir dir;
  auto spec = spec_for("hdfs", dir.write("h.log", kHdfs));
  spec.label_file = dir.write("labels.csv", "BlockId,Label\nblk_1,Normal\nblk_2,Anomaly\n");
  auto reader = open_reader(spec);
  LogRecord rec;
  int n = 0;
  try {
    while (reader->next(rec)) ++n;
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("names no session (block) present"), std::string::npos) << e.what();
  }
  EXPECT_EQ(n, 4);
  EXPECT_FALSE(reader->next(rec));  // reported once
}

TEST(HdfsReader, UnknownLabelValueIsAnInputErrorWithLine) {
  TempDir dir;
  auto spec = spec_for("hdfs", dir.write("h.log", kHdfs));
  spec.label_file = dir.write("labels.csv", "BlockId,Label\nblk_38865049064139660,Maybe\n");
  try {
    open_reader(spec);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 2u);
  }
}

TEST(OpenStackReader, InstanceSessionsAndAnomalyListLabels) {
  TempDir dir;
  const std::string log =
      "nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager "
      "[req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)\n"
      "nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:05.000 2931 INFO nova.compute.manager "
      "[-] [instance: 11111111-fe1a-409b-b8cc-1e88b294cd1d] VM Paused (Lifecycle Event)\n"
      "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server "
      "[req-38101a0b - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200\n";
  auto spec = spec_for("openstack", dir.write("o.log", log));
  spec.label_file = dir.write("anomaly_labels.txt",
                              "Following are the instance ids of abnormal VMs:\nb9000564-fe1a-409b-b8cc-1e88b294cd1d\n");
  auto r = read_all(spec);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].session, "b9000564-fe1a-409b-b8cc-1e88b294cd1d");
  EXPECT_EQ(r.records[0].label, 1);
  EXPECT_EQ(r.records[0].content, "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)");
  EXPECT_EQ(r.records[1].label, 0);
  EXPECT_EQ(r.records[2].session, "");
  EXPECT_EQ(r.records[2].timestamp, 1494892800);  // 2017-05-16 00:00:00 UTC
}

const std::string kZk =
    "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200\n"
    "2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread\n"
    "2015-07-29 19:13:17,524 - ERROR [CommitProcessor:2:NIOServerCnxn@180] - Unexpected Exception: \n";

TEST(ZookeeperReader, ErrorLevelIsTheDefaultAnomaly) {
  TempDir dir;
  auto r = read_all(spec_for("zookeeper", dir.write("z.log", kZk)));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].content, "Notification time out: 3200");
  EXPECT_EQ(r.records[0].timestamp, 1438191704);  // 2015-07-29 17:41:44 UTC
  EXPECT_EQ(r.records[0].label, 0);
  EXPECT_EQ(r.records[1].label, 0);
  EXPECT_EQ(r.records[2].label, 1);
  EXPECT_EQ(r.records[2].content, "Unexpected Exception:");
}

TEST(ZookeeperReader, LabelRuleIsConfigurable) {
  TempDir dir;
  auto spec = spec_for("zookeeper", dir.write("z.log", kZk));
  spec.label_field = "Level";
  spec.label_regex = "^(WARN|ERROR)$";
  auto r = read_all(spec);
  EXPECT_EQ(r.stats.anomalous, 2u);
  spec.label_field = "Component";
  spec.label_regex = "SendWorker";
  EXPECT_EQ(read_all(spec).stats.anomalous, 1u);
}

TEST(ZookeeperReader, BadLabelRulesAreConfigErrors) {
  TempDir dir;
  auto spec = spec_for("zookeeper", dir.write("z.log", kZk));
  spec.label_field = "Levle";
  spec.label_regex = "ERROR";
  try {
    open_reader(spec);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'Level'"), std::string::npos) << e.what();
  }
  spec.label_field = "Level";
  spec.label_regex = "(ERROR";
  EXPECT_THROW(open_reader(spec), ConfigError);
  spec.label_regex = "";
  EXPECT_THROW(open_reader(spec), ConfigError);
}

TEST(ThunderbirdReader, AlertTagLabelsUserSessionAndColonInComponent) {
  TempDir dir;
  const std::string log =
      "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root\n"
      "VAPI 1131566470 2005.11.09 tbird-admin1 Nov 9 12:01:10 local@tbird-admin1 Kernel command line: root=LABEL=/ ro\n";
  auto r = read_all(spec_for("thunderbird", dir.write("t.log", log)));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].content, "session closed for user root");
  EXPECT_EQ(r.records[0].session, "dn228");
  EXPECT_EQ(r.records[0].label, 0);
  EXPECT_EQ(r.records[1].content, "root=LABEL=/ ro");
  EXPECT_EQ(r.records[1].label, 1);
  EXPECT_EQ(r.records[1].timestamp, 1131566470);
}

}  // namespace
}  // namespace logsweep
