// file_digest: content identity of log files, and its side record in the cache directory.
#include "core/data/file_digest.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/util/errors.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::size_t record_lines(const std::string& dir) {
  std::ifstream in(dir + "/" + kFileDigestRecord);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(FileDigest, SizeAndContentHashNotPathOrTime) {
  TempDir d;
  const std::string a = d.write("a.log", "hello\n"), b = d.write("b.log", "hello\n");
  const std::string digest = file_digest(a, "log file", "");
  EXPECT_EQ(digest.substr(0, 2), "6:");
  EXPECT_EQ(digest.size(), 2u + 16u);
  EXPECT_EQ(file_digest(b, "log file", ""), digest);
  d.write("b.log", "hellO\n");
  EXPECT_NE(file_digest(b, "log file", ""), digest);
}

TEST(FileDigest, RecordIsWrittenOnceAndReusedUntilTheFileChanges) {
  TempDir d;
  const std::string memo = d.file("cache");
  fs::create_directories(memo);
  const std::string log = d.write("x.log", "some log line\n");
  const std::string digest = file_digest(log, "log file", memo);
  EXPECT_EQ(record_lines(memo), 1u);
  EXPECT_EQ(file_digest(log, "log file", memo), digest);
  EXPECT_EQ(record_lines(memo), 1u) << "an unchanged file is found in the record";
  fs::last_write_time(log, fs::file_time_type::clock::now() + std::chrono::hours(1));  // touch
  EXPECT_EQ(file_digest(log, "log file", memo), digest);
  EXPECT_EQ(record_lines(memo), 2u) << "a touched file is hashed again and recorded again";
}

// The record only saves time: a torn, corrupt or forged line is never taken for a digest.
TEST(FileDigest, DamagedRecordLinesAreIgnored) {
  TempDir d;
  const std::string memo = d.file("cache");
  fs::create_directories(memo);
  const std::string log = d.write("x.log", "some log line\n");
  const std::string digest = file_digest(log, "log file", memo);
  std::stringstream text;
  text << std::ifstream(memo + "/" + kFileDigestRecord).rdbuf();
  std::string line = text.str();
  std::string forged = line;
  forged.replace(forged.find(digest), digest.size(), "14:0123456789abcdef");  // checksum no longer matches
  std::ofstream(memo + "/" + kFileDigestRecord, std::ios::app) << forged << line.substr(0, line.size() / 2);
  EXPECT_EQ(file_digest(log, "log file", memo), digest);
}

TEST(FileDigest, MissingFileIsAnInputErrorNamingIt) {
  TempDir d;
  try {
    file_digest(d.file("absent.log"), "log file", "");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read log file"), std::string::npos) << e.what();
    EXPECT_EQ(e.where().file, d.file("absent.log"));
  }
}

}  // namespace
}  // namespace logsweep
