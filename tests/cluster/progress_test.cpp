#include "cluster/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "cluster/threads.hpp"
#include "support/test_support.hpp"

namespace logsweep {
namespace {

TEST(Threads, Precedence) {
  EXPECT_EQ(choose_threads(3, "8", 16, 4), 3);        // --threads wins
  EXPECT_EQ(choose_threads(0, "8", 16, 4), 8);        // then SLURM_CPUS_PER_TASK
  EXPECT_EQ(choose_threads(0, nullptr, 16, 4), 4);    // then cores / computing ranks
  EXPECT_EQ(choose_threads(0, "", 16, 3), 5);
  EXPECT_EQ(choose_threads(0, "garbage", 2, 3), 1);   // never below 1
  EXPECT_EQ(choose_threads(0, nullptr, 2, 0), 2);
}

TEST(Progress, DurationFormat) {
  EXPECT_EQ(format_duration(45), "45s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(7620), "2h07m");
  EXPECT_EQ(format_duration(-1), "?");
}

TEST(Progress, LineCountsAndEta) {
  std::FILE* sink = std::tmpfile();
  Progress p(10, 2, true, sink);
  EXPECT_EQ(p.line(0), "[2/10] done 0 failed 0 skipped 0 (stored before 2) running 0 | 0s elapsed, ETA ?");
  p.started(1, "LogAction A>B b=0 s=0");
  p.started(2, "LogAction A>B b=0 s=1");
  p.finished(1, JobStatus::Done, "LogAction A>B b=0 s=0", "");
  p.finished(2, JobStatus::Failed, "LogAction A>B b=0 s=1", "boom");
  p.started(1, "X A>B b=0 s=0");
  // 2 finished in 20 s, 6 remaining -> 60 s
  EXPECT_EQ(p.line(20), "[4/10] done 1 failed 1 skipped 0 (stored before 2) running 1 | 20s elapsed, ETA 1m00s | r1: X A>B b=0 s=0");
  EXPECT_EQ(p.counts().failed, 1u);
  std::fclose(sink);
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  testing::TempDir dir;
  std::string path = dir.file("log.txt");
  std::FILE* out = std::fopen(path.c_str(), "w");
  {
    Progress p(2, 0, false, out);
    ASSERT_FALSE(p.terminal);
    p.started(1, "J1");
    p.finished(1, JobStatus::Failed, "J1", "bad input");
    p.finished(2, JobStatus::Skipped, "J2", "no anomalies");
    p.finish();
  }
  std::fclose(out);
  std::string text = testing::read_file(path);
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("job failed: J1 (rank 1): bad input\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[2/2] done 0 failed 1 skipped 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace logsweep
