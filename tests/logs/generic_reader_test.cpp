// The generic reader: user format strings and label rules.
#include <gtest/gtest.h>

#include <string>

#include "core/util/errors.hpp"
#include "logs/reader_test_util.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::read_all;
using testing::TempDir;

ReaderSpec generic(const std::string& path, const std::string& format) {
  ReaderSpec s;
  s.format = "generic";
  s.path = path;
  s.line_format = format;
  return s;
}

TEST(GenericReader, FormatStringSplitsFieldsAndContentTakesTheRest) {
  TempDir dir;
  const auto path = dir.write("app.log",
                              "2021-03-04 05:06:07 INFO:  started worker 3: ok\n"
                              "2021-03-04   05:06:08\tERROR: disk  full\n"
                              "garbage\n");
  auto spec = generic(path, "<Date> <Time> <Level>: <Content>");
  spec.label_field = "Level";
  spec.label_regex = "ERR";
  auto r = read_all(spec);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].content, "started worker 3: ok");
  EXPECT_EQ(r.records[0].label, 0);
  EXPECT_EQ(r.records[0].timestamp, 1614834367);  // 2021-03-04 05:06:07 UTC
  EXPECT_EQ(r.records[1].content, "disk  full");
  EXPECT_EQ(r.records[1].label, 1);
  EXPECT_EQ(r.stats.malformed, 1u);
  EXPECT_EQ(r.stats.examples[0].line_no, 3u);
}

TEST(GenericReader, EscapedBracketsAndSessionField) {
  TempDir dir;
  const auto path = dir.write("app.log", "[n7] 42 <x> hello world\n[n8] 43 <y> bye\n");
  auto r = read_all(generic(path, "\\[<Node>\\] <Pid> \\<<Tag>\\> <Content>"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].session, "n7");
  EXPECT_EQ(r.records[0].content, "hello world");
  EXPECT_EQ(r.records[0].timestamp, 1);  // no time fields: line number
  EXPECT_EQ(r.records[1].session, "n8");
  EXPECT_EQ(r.records[1].label, 0);  // no label rule
}

TEST(GenericReader, UnixTimestampField) {
  TempDir dir;
  const auto path = dir.write("app.log", "1700000000 a\n1700000005 b\n");
  auto r = read_all(generic(path, "<Timestamp> <Content>"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].timestamp, 1700000005);
}

TEST(GenericReader, BadFormatStringsAreConfigErrors) {
  TempDir dir;
  const auto path = dir.write("app.log", "x y\n");
  for (const char* bad : {"<Date> <Time>", "<Date <Content>", "<Date> > <Content>", "<A><B> <Content>",
                          "<Content> <Date>", "<> <Content>", "<A> <A> <Content>", "<Da te> <Content>", ""}) {
    EXPECT_THROW(open_reader(generic(path, bad)), ConfigError) << "format: " << bad;
  }
  try {
    open_reader(generic(path, "<Date> <Time>"));
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no <Content>"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().field, "line_format");
  }
}

TEST(GenericReader, LabelFileNeedsASessionField) {
  TempDir dir;
  const auto path = dir.write("app.log", "a b\n");
  auto spec = generic(path, "<Level> <Content>");
  spec.label_file = dir.write("l.csv", "Id,Label\nx,Anomaly\n");
  EXPECT_THROW(open_reader(spec), ConfigError);
}

TEST(GenericReader, SessionLabelsFromLabelFile) {
  TempDir dir;
  const auto path = dir.write("app.log", "s1 INFO a\ns2 INFO b\ns1 INFO c\n");
  auto spec = generic(path, "<Session> <Level> <Content>");
  spec.label_file = dir.write("l.csv", "Id,Label\ns1,Anomaly\ns2,Normal\n");
  auto r = read_all(spec);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].label, 1);
  EXPECT_EQ(r.records[1].label, 0);
  EXPECT_EQ(r.records[2].label, 1);
}

TEST(GenericReader, UnparsableDateIsMalformedWithAClearReason) {
  TempDir dir;
  const auto path = dir.write("app.log", "2021-03-04 05:06:07 ok\nJul-29 05:06:07 bad\n");
  auto r = read_all(generic(path, "<Date> <Time> <Content>"));
  EXPECT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.stats.examples.size(), 1u);
  EXPECT_NE(r.stats.examples[0].reason.find("unparsable Date/Time"), std::string::npos);
}

}  // namespace
}  // namespace logsweep
