// The run's lock on a results file (issue 14 item 1). Two processes: tests/runner/reliability_test.cpp.
#include "results/store/results_lock.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util/errors.hpp"
#include "results/store/files.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

using testing::TempDir;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// mpirun may signal rank 0 before it reaps a SIGKILLed worker; rank 0 must still see the worker as
// dead (EndToEnd.AWorkerThatDiesEndsTheRunWithEveryStoredJobIntact). kill(pid, 0) alone says alive.
TEST(ProcessAlive, AnExitedChildNotYetReapedIsDead) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  EXPECT_TRUE(process_alive_here(getpid()));
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);  // exited, still a zombie
  EXPECT_EQ(::kill(child, 0), 0) << "the zombie still exists";
  EXPECT_FALSE(process_alive_here(child));
  waitpid(child, nullptr, 0);
  EXPECT_FALSE(process_alive_here(child));
}

TEST(ResultsLock, SecondHolderIsRefusedNamingTheFirst) {
  TempDir dir;
  const std::string r = dir.file("r.h5");
  {
    ResultsLock first(r);
    EXPECT_EQ(testing::read_file(r + ".lock"),
              "host " + this_host_name() + " pid " + std::to_string(::getpid()) + "\n");
    try {
      ResultsLock second(r);  // flock conflicts between two opens, even in one process
      ADD_FAILURE() << "second lock taken";
    } catch (const StorageError& e) {
      const std::string m = e.what();
      EXPECT_TRUE(has(m, "r.h5 is in use by another `logsweep run`")) << m;
      EXPECT_TRUE(has(m, "pid " + std::to_string(::getpid()) + " on host " + this_host_name())) << m;
      EXPECT_TRUE(has(m, "r.h5.lock")) << m;
    }
  }
  EXPECT_FALSE(fs::exists(r + ".lock")) << "released with its file";
  ResultsLock again(r);  // free again
}

TEST(ResultsLock, LockFileOfADeadProcessIsTakenOverWithANote) {
  TempDir dir;
  const std::string r = dir.file("r.h5");
  long dead = 4194304;  // pid_max itself: no process has it
  std::ifstream("/proc/sys/kernel/pid_max") >> dead;
  dir.write("r.h5.lock", "host " + this_host_name() + " pid " + std::to_string(dead) + "\n");
  std::vector<std::string> notes;
  {
    ResultsLock lock(r, [&](const std::string& m) { notes.push_back(m); });
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_TRUE(has(notes[0], "taking over the lock")) << notes[0];
    EXPECT_TRUE(has(notes[0], "pid " + std::to_string(dead))) << notes[0];
    EXPECT_TRUE(has(notes[0], "no longer running")) << notes[0];
    EXPECT_TRUE(has(testing::read_file(r + ".lock"), "pid " + std::to_string(::getpid()))) << "the note is ours now";
  }
  notes.clear();
  ResultsLock clean(r, [&](const std::string& m) { notes.push_back(m); });
  EXPECT_TRUE(notes.empty()) << "a released lock leaves nothing to take over";
}

TEST(ResultsLock, UnwritableDirectoryIsAStorageError) {
  TempDir dir;
  EXPECT_THROW(ResultsLock(dir.file("missing/r.h5")), StorageError);
}

}  // namespace
}  // namespace logsweep
