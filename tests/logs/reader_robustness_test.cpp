// Readers on small hand-written files: line endings, malformed-line accounting, strictness,
// garbage and missing inputs.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/util/errors.hpp"
#include "logs/reader_test_util.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

using testing::read_all;
using testing::spec_for;
using testing::TempDir;

const char* kBgl1 = "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected";
const char* kBgl2 = "APPREAD 1117869872 2005.06.04 R27-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R27-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream";

std::string throw_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ReaderLineEndings, CrlfAndMissingFinalNewlineGiveCleanRecords) {
  TempDir dir;
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\r\n" + kBgl2);  // no final newline
  auto r = read_all(spec_for("bgl", path));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].content, "instruction cache parity error corrected");
  EXPECT_EQ(r.records[0].timestamp, 1117838570);
  EXPECT_EQ(r.records[0].session, "R02-M1-N0-C:J12-U11");
  EXPECT_EQ(r.records[0].label, 0);
  EXPECT_EQ(r.records[1].content, "ciod: failed to read message prefix on control stream");
  EXPECT_EQ(r.records[1].label, 1);
  EXPECT_EQ(r.records[1].line_no, 2u);
  EXPECT_EQ(r.stats.lines, 2u);
  EXPECT_EQ(r.stats.anomalous, 1u);
  EXPECT_EQ(r.stats.malformed, 0u);
}

TEST(ReaderMalformed, CountedWithLineNumbersReasonAndPrefix) {
  TempDir dir;
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\nnot a bgl line\n\n" + kBgl2 + "\n- 12x 2005.06.03 N T N RAS K INFO msg\n");
  auto r = read_all(spec_for("bgl", path));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].line_no, 4u);
  EXPECT_EQ(r.stats.lines, 5u);
  EXPECT_EQ(r.stats.malformed, 3u);
  ASSERT_EQ(r.stats.examples.size(), 3u);
  EXPECT_EQ(r.stats.examples[0].line_no, 2u);
  EXPECT_EQ(r.stats.examples[0].prefix, "not a bgl line");
  EXPECT_EQ(r.stats.examples[1].line_no, 3u);
  EXPECT_EQ(r.stats.examples[1].reason, "empty line");
  EXPECT_EQ(r.stats.examples[2].line_no, 5u);
  EXPECT_NE(r.stats.examples[2].reason.find("Timestamp"), std::string::npos);
}

TEST(ReaderMalformed, KeepsAtMostTenExamplesButCountsAll) {
  TempDir dir;
  std::string text = std::string(kBgl1) + "\n";
  for (int i = 0; i < 25; ++i) text += "junk " + std::to_string(i) + "\n";
  auto r = read_all(spec_for("bgl", dir.write("bgl.log", text)));
  EXPECT_EQ(r.stats.malformed, 25u);
  EXPECT_EQ(r.stats.examples.size(), 10u);
  EXPECT_EQ(r.stats.examples.back().line_no, 11u);
}

TEST(ReaderStrict, FirstMalformedLineIsAnInputErrorWithFileAndLine) {
  TempDir dir;
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\n" + kBgl1 + "\nbroken line\n" + kBgl2 + "\n");
  auto spec = spec_for("bgl", path);
  spec.strict = true;
  auto reader = open_reader(spec);
  LogRecord rec;
  ASSERT_TRUE(reader->next(rec));
  ASSERT_TRUE(reader->next(rec));
  try {
    reader->next(rec);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_NE(std::string(e.what()).find("broken line"), std::string::npos);
  }
}

TEST(ReaderGiveUp, AllMalformedLeadingLinesMeanWrongFormat) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 50; ++i) text += "2015-07-29 17:41:44,747 - INFO  [main:Foo@1] - zookeeper, not bgl\n";
  text += kBgl1;
  auto spec = spec_for("bgl", dir.write("zk.log", text));
  spec.give_up_after = 20;
  const std::string msg = throw_message([&] { read_all(spec); });
  EXPECT_NE(msg.find("no line matches format 'bgl'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("first 20 lines"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 1:"), std::string::npos) << msg;  // examples included
}

TEST(ReaderGiveUp, ShortAllGarbageFileIsAnErrorAtEndOfFile) {
  TempDir dir;
  auto spec = spec_for("hdfs", dir.write("x.log", "hello\nworld\n"));
  EXPECT_THROW(read_all(spec), InputError);
}

TEST(ReaderGiveUp, MalformedLinesAfterAGoodOneAreOnlyCounted) {
  TempDir dir;
  std::string text = std::string(kBgl1) + "\n";
  for (int i = 0; i < 30; ++i) text += "junk\n";
  auto spec = spec_for("bgl", dir.write("bgl.log", text));
  spec.give_up_after = 10;
  auto r = read_all(spec);
  EXPECT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.stats.malformed, 30u);
}

TEST(ReaderGarbage, BinaryBytesAreMalformedNotFatal) {
  TempDir dir;
  std::string garbage = "\x7f" "ELF\x02\x01\x01";
  garbage += std::string("\0\0\0\xff\xfe bin", 9);
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\n" + garbage + "\n" + kBgl2 + "\n");
  auto r = read_all(spec_for("bgl", path));
  EXPECT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.stats.malformed, 1u);
  EXPECT_EQ(r.stats.examples[0].reason, "binary data (NUL bytes)");
  EXPECT_EQ(r.stats.examples[0].prefix.find('\0'), std::string::npos);
  EXPECT_NE(r.stats.examples[0].prefix.find("\\x00"), std::string::npos);
}

TEST(ReaderGarbage, LineOverOneMebibyteIsMalformedAndReadingGoesOn) {
  TempDir dir;
  const std::string huge = std::string("- 1 2005.06.03 N T N RAS K INFO ") + std::string(3u << 20, 'x');
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\n" + huge + "\n" + kBgl2 + "\n");
  auto r = read_all(spec_for("bgl", path));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].line_no, 3u);
  ASSERT_EQ(r.stats.malformed, 1u);
  EXPECT_EQ(r.stats.examples[0].line_no, 2u);
  EXPECT_EQ(r.stats.examples[0].reason, "line longer than 1 MiB");
}

// Issue 14 item 6: a line over 1 MiB is reported with its first bytes like any malformed line
// (strict mode used to show "" for it).
TEST(ReaderGarbage, LineOverOneMebibyteIsReportedWithItsFirstBytes) {
  TempDir dir;
  const std::string start = "- 1 2005.06.03 N T N RAS K INFO ";
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\n" + start + std::string(3u << 20, 'x') + "\n" + kBgl2 + "\n");
  auto r = read_all(spec_for("bgl", path));
  ASSERT_EQ(r.stats.examples.size(), 1u);
  EXPECT_EQ(r.stats.examples[0].prefix, start + std::string(60 - start.size(), 'x') + "...");
  auto spec = spec_for("bgl", path);
  spec.strict = true;
  const std::string msg = throw_message([&] { read_all(spec); });
  EXPECT_NE(msg.find("line longer than 1 MiB: \"" + start + "xxx"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("\"\""), std::string::npos) << msg;
}

TEST(ReaderGarbage, LinesStraddlingReadBuffersComeBackWhole) {
  TempDir dir;
  // Lines of growing length cross the reader's internal buffer boundaries at many offsets.
  std::string text;
  std::vector<std::string> contents;
  for (int i = 0; i < 3000; ++i) {
    contents.push_back("msg" + std::to_string(i) + "-" + std::string(static_cast<std::size_t>(i % 700), 'a' + i % 26));
    text += "- " + std::to_string(1000 + i) + " 2005.06.03 N T N RAS K INFO " + contents.back() + (i % 2 ? "\r\n" : "\n");
  }
  auto r = read_all(spec_for("bgl", dir.write("bgl.log", text)));
  ASSERT_EQ(r.records.size(), contents.size());
  for (std::size_t i = 0; i < contents.size(); ++i) {
    ASSERT_EQ(r.records[i].content, contents[i]) << "line " << i + 1;
    ASSERT_EQ(r.records[i].timestamp, 1000 + static_cast<std::int64_t>(i));
  }
}

TEST(ReaderLimits, MaxLinesStopsEarly) {
  TempDir dir;
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\njunk\n" + kBgl2 + "\n" + kBgl1 + "\n");
  auto spec = spec_for("bgl", path);
  spec.max_lines = 3;
  auto r = read_all(spec);
  EXPECT_EQ(r.stats.lines, 3u);
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(ReaderLimits, SkipLinesAndMaxLinesReadALineRangeKeepingFileLineNumbers) {
  TempDir dir;
  // Lines: 1 bgl1, 2 junk, 3 bgl2, 4 bgl1, 5 junk, 6 bgl2.
  const auto path = dir.write("bgl.log", std::string(kBgl1) + "\njunk\n" + kBgl2 + "\n" + kBgl1 + "\njunk\n" + kBgl2 + "\n");
  auto spec = spec_for("bgl", path);
  spec.skip_lines = 2;  // the range [2, 2 + 3): lines 3, 4, 5
  spec.max_lines = 3;
  auto r = read_all(spec);
  ASSERT_EQ(r.records.size(), 2u);  // line 2's junk is skipped unparsed, line 5's is malformed
  EXPECT_EQ(r.stats.malformed, 1u);
  ASSERT_FALSE(r.stats.examples.empty());
  EXPECT_EQ(r.stats.examples[0].line_no, 5u);
  spec.max_lines = 0;  // to the end: lines 3..6
  EXPECT_EQ(read_all(spec).records.size(), 3u);
}

TEST(ReaderInputs, MissingLogFileNamesTheFile) {
  TempDir dir;
  const auto path = dir.file("nope.log");
  const std::string msg = throw_message([&] { open_reader(spec_for("bgl", path)); });
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_THROW(open_reader(spec_for("bgl", path)), InputError);
}

TEST(ReaderInputs, DirectoryAndEmptyFileAreInputErrors) {
  TempDir dir;
  EXPECT_THROW(open_reader(spec_for("hdfs", dir.path())), InputError);
  const auto empty = dir.write("empty.log", "");
  const std::string msg = throw_message([&] { read_all(spec_for("hdfs", empty)); });
  EXPECT_NE(msg.find("is empty"), std::string::npos) << msg;
}

TEST(ReaderInputs, UnknownFormatIsConfigErrorWithSuggestion) {
  TempDir dir;
  const auto path = dir.write("x.log", "x\n");
  try {
    open_reader(spec_for("zookeper", path));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("did you mean 'zookeeper'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("thunderbird"), std::string::npos) << msg;
  }
  EXPECT_EQ(reader_formats().size(), 7u);
}

}  // namespace
}  // namespace logsweep
