// Issue 14 through the built binary: concurrent runs, a full disk, unwritable output, leftovers.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/data/file_digest.hpp"
#include "results/store/results_lock.hpp"
#include "results/store/store.hpp"
#include "runner/runner_support.hpp"

namespace fs = std::filesystem;

namespace logsweep::testing {
namespace {

#define REQUIRE_CORPUS(c) ASSERT_TRUE((c).ok()) << (c).log()

long impossible_pid() {  // pid_max itself: no process has it
  long max = 4194304;
  std::ifstream("/proc/sys/kernel/pid_max") >> max;
  return max;
}

// Item 1: the second run on one results file (another method, so another set of jobs) is refused
// while the first holds the lock, naming it; a lock file left by a dead run is taken over.
TEST(Reliability, SecondRunOnTheSameResultsIsRefusedAndAStaleLockTakenOver) {
  Corpus c;
  REQUIRE_CORPUS(c);
  const std::string cfg = c.experiment("lock"), results = c.results("lock");
  setenv("LOGSWEEP_TEST_JOB_DELAY_MS", "300", 1);
  pid_t first = spawn({bin(), "run", cfg, "--only-method", "LogAction"}, c.dir().file("first.log"));
  unsetenv("LOGSWEEP_TEST_JOB_DELAY_MS");
  ASSERT_TRUE(wait_for_entries(results, 1, first, 40)) << read_file(c.dir().file("first.log"));
  CmdResult second = sh(bin() + " run " + cfg + " --only-method LogAction_wa");
  EXPECT_EQ(second.code, 1) << second.out;
  EXPECT_TRUE(has(second.out, "lock.h5 is in use by another `logsweep run` (pid " + std::to_string(first) +
                                  " on host " + this_host_name()))
      << second.out;
  EXPECT_FALSE(has(second.out, "synthA:")) << "refused before preparing anything";
  kill(first, SIGINT);
  int status = 0;
  waitpid(first, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << read_file(c.dir().file("first.log"));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(results + ".lock")) << "released on the way out";
  const std::size_t kept = ResultsStore(results).statuses().size();
  EXPECT_GE(kept, 1u);

  // What a kill -9 leaves: the note of a process that no longer runs.
  std::ofstream(results + ".lock") << "host " << this_host_name() << " pid " << impossible_pid() << "\n";
  CmdResult rest = sh(bin() + " run " + cfg + " --quiet");
  EXPECT_EQ(rest.code, 0) << rest.out;
  EXPECT_TRUE(has(rest.out, "taking over the lock")) << rest.out;
  EXPECT_TRUE(has(rest.out, "pid " + std::to_string(impossible_pid()))) << rest.out;
  EXPECT_TRUE(has(rest.out, "no longer running")) << rest.out;
  EXPECT_EQ(ResultsStore(results).load().size(), 48u) << "every job of both runs is stored";
}

// Item 2: a full disk while `prepare` writes the cache is the clear storage error (exit 1, not a
// crash in HDF5's exit-time clean-up), and no cache file, whole or truncated, is left. The test
// hook LOGSWEEP_TEST_FILE_SIZE_LIMIT stands in for the full disk.
TEST(Reliability, FullDiskWhileWritingTheCacheIsAClearErrorAndLeavesNoCacheFile) {
  Corpus c;
  REQUIRE_CORPUS(c);
  const std::string cfg = c.experiment("full");
  CmdResult r = sh("LOGSWEEP_TEST_FILE_SIZE_LIMIT=8192 " + bin() + " prepare " + cfg);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "cannot write dataset cache ")) << r.out;
  EXPECT_TRUE(has(r.out, "(disk full?)")) << r.out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(c.dir().path() + "/out/cache", ec))
    if (e.path().filename() != kFileDigestRecord)  // the logs' content digests, not a cache file
      ADD_FAILURE() << "left behind: " << e.path();
  r = sh(bin() + " prepare " + cfg);  // with space again
  EXPECT_EQ(r.code, 0) << r.out;
}

// Item 10: an output directory that cannot be written is reported before any dataset is prepared
// or any job run.
TEST(Reliability, UnwritableOutputDirectoryIsReportedBeforeAnyWork) {
  Corpus c;
  REQUIRE_CORPUS(c);
  // chmod does not stop root; sysfs refuses new files to everyone.
  std::string ro = c.dir().path() + "/ro";
  fs::create_directories(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(ro.c_str(), W_OK) == 0) ro = "/sys/kernel";
  if (!fs::is_directory(ro) || std::ofstream(ro + "/probe")) GTEST_SKIP() << "no unwritable directory here";
  std::string yaml = read_file(c.experiment("ro"));
  const std::string line = "output: out/ro.h5";
  yaml.replace(yaml.find(line), line.size(), "output: " + ro + "/ro.h5");
  const std::string cfg = c.dir().write("ro.yaml", yaml);
  CmdResult r = sh(bin() + " run " + cfg);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "output directory " + ro + " is not writable")) << r.out;
  EXPECT_FALSE(fs::exists(c.dir().path() + "/out/cache")) << "no dataset was prepared\n" << r.out;
}

// Item 11: a table/plot filter that matches no stored job is an error listing what is stored.
TEST(Reliability, FiltersMatchingNoStoredJobAreErrorsListingTheStoredValues) {
  TempDir dir;
  const std::string results = dir.file("r.h5");
  {
    ResultsStore store(results);
    JobRecord rec;
    rec.id = "00000000000000a1";
    rec.source = "A";
    rec.target = "B";
    rec.method = "LogAction";
    rec.budget = 0.02;
    rec.status = JobStatus::Done;
    store.append(rec);
  }
  CmdResult ok = sh(bin() + " table " + results + " --methods LogAction --pairs 'A->B' --budgets 0.02");
  EXPECT_EQ(ok.code, 0) << ok.out;
  CmdResult m = sh(bin() + " table " + results + " --methods LogActoin");
  EXPECT_EQ(m.code, 2) << m.out;
  EXPECT_TRUE(has(m.out, "--methods 'LogActoin' matches no stored job; stored: LogAction")) << m.out;
  CmdResult p = sh(bin() + " plot " + results + " --pairs 'B->A' --out " + dir.file("f.svg"));
  EXPECT_EQ(p.code, 2) << p.out;
  EXPECT_TRUE(has(p.out, "stored: A->B")) << p.out;
  CmdResult b = sh(bin() + " table " + results + " --budgets 0.05");
  EXPECT_EQ(b.code, 2) << b.out;
  EXPECT_TRUE(has(b.out, "--budgets '0.05' matches no stored job; stored: 0.02")) << b.out;
}

// Item 11: generate keeps an edited experiment.yaml unless --force; the same generate twice is fine.
TEST(Reliability, GenerateKeepsAnEditedExperimentUnlessForced) {
  TempDir dir;
  const std::string gen = bin() + " generate --lines 200 --out " + dir.path();
  ASSERT_EQ(sh(gen).code, 0);
  ASSERT_EQ(sh(gen).code, 0) << "identical rewrite";
  const std::string yaml = dir.file("experiment.yaml");
  const std::string edited = read_file(yaml) + "# my edit\n";
  dir.write("experiment.yaml", edited);
  CmdResult r = sh(gen);
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "--force")) << r.out;
  EXPECT_EQ(read_file(yaml), edited);
  EXPECT_EQ(sh(gen + " --force").code, 0);
  EXPECT_NE(read_file(yaml), edited);
}

}  // namespace
}  // namespace logsweep::testing
