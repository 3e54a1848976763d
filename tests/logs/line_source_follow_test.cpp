// LineSource following a growing file (ReaderSpec::Follow, `logsweep detect --follow`): the end
// of the file waits for more bytes, and a last line without its newline is read whole.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/logs/line_source.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace line_source_follow_test {

std::vector<std::string> all_lines(detail::LineSource& src) {
  std::vector<std::string> out;
  std::string_view line;
  bool too_long = false;
  while (src.next(line, too_long)) out.emplace_back(line);
  return out;
}

TEST(LineSourceFollow, TheEndOfTheFileWaitsForMoreAndAHalfWrittenLineIsReadWhole) {
  testing::TempDir dir;
  const auto path = dir.write("grow.log", "a\nb");
  int calls = 0;
  ReaderSpec::Follow follow;
  follow.poll_seconds = 0.001;
  follow.waiting = [&](double idle) {
    EXPECT_GE(idle, 0.0);
    if (++calls == 1) std::ofstream(path, std::ios::app) << "c\nd\n";  // the writer finishes "bc", adds "d"
    return calls > 1;
  };
  detail::LineSource src(path, "log file", follow);
  EXPECT_EQ(all_lines(src), (std::vector<std::string>{"a", "bc", "d"}));
  EXPECT_EQ(calls, 2);
}

TEST(LineSourceFollow, StoppedAtOnceAHalfLineIsTheLastLine) {
  testing::TempDir dir;
  const auto path = dir.write("grow.log", "a\nb");
  ReaderSpec::Follow follow;
  follow.waiting = [](double) { return true; };
  detail::LineSource src(path, "log file", follow);
  EXPECT_EQ(all_lines(src), (std::vector<std::string>{"a", "b"}));
}

TEST(LineSourceFollow, WithoutFollowingTheEndIsTheEnd) {
  testing::TempDir dir;
  detail::LineSource src(dir.write("still.log", "a\nb"));
  EXPECT_EQ(all_lines(src), (std::vector<std::string>{"a", "b"}));
}

}  // namespace line_source_follow_test
}  // namespace logsweep
