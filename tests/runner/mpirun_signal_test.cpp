// Ctrl-C / SIGTERM sent to mpirun itself (the README's local command), not to the ranks: Open
// MPI sends the ranks SIGTERM odls_base_sigkill_timeout seconds later and SIGKILL as long again
// after (cluster/launcher.hpp). The promise still holds: finished results kept, the store
// consolidated, and rerunning the same command runs every missing job exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "results/store/store.hpp"
#include "runner/runner_support.hpp"

namespace logsweep::testing {
namespace {

bool have_mpirun() {
  const std::string m = LOGSWEEP_MPIEXEC;
  return !m.empty() && access(m.c_str(), X_OK) == 0;
}

struct Interrupted {
  std::string log;
  int status = -1;
};

// Runs `name` under `mpirun -np <np>`, every job taking at least `delay_ms`, and sends `sig` to
// mpirun once 2 jobs are stored.
Interrupted interrupt_mpirun(const Corpus& c, const std::string& name, int sig, const std::string& sigkill_timeout,
                             const std::string& grace, const std::string& np, const std::string& delay_ms) {
  const std::string cfg = c.experiment(name);
  setenv("LOGSWEEP_TEST_JOB_DELAY_MS", delay_ms.c_str(), 1);
  if (sigkill_timeout.empty()) unsetenv("OMPI_MCA_odls_base_sigkill_timeout");
  else setenv("OMPI_MCA_odls_base_sigkill_timeout", sigkill_timeout.c_str(), 1);
  pid_t pid = spawn({LOGSWEEP_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-x",
                     "LOGSWEEP_TEST_JOB_DELAY_MS", "-np", np, bin(), "run", cfg, "--grace", grace},
                    c.dir().file(name + ".log"));
  unsetenv("LOGSWEEP_TEST_JOB_DELAY_MS");
  unsetenv("OMPI_MCA_odls_base_sigkill_timeout");
  Interrupted out;
  if (!wait_for_entries(c.results(name), 2, pid, 60)) {
    kill(pid, SIGKILL);
    waitpid(pid, &out.status, 0);
    out.log = "run ended before 2 stored jobs:\n" + read_file(c.dir().file(name + ".log"));
    return out;
  }
  kill(pid, sig);  // mpirun only: it was started in its own process group, the ranks are not signalled
  waitpid(pid, &out.status, 0);
  out.log = read_file(c.dir().file(name + ".log"));
  return out;
}

// The store after the interrupt is consolidated and kept what finished; the same command
// resumes, running only the missing jobs, and ends with each of the 48 jobs stored once.
void expect_clean_and_resumable(const Corpus& c, const std::string& name, const Interrupted& r) {
  ASSERT_TRUE(has(r.log, "interrupted: ")) << r.log;
  EXPECT_TRUE(has(r.log, "rerun the same command to resume")) << r.log;
  EXPECT_TRUE(std::filesystem::exists(c.results(name))) << r.log;
  EXPECT_EQ(journal_entries(c.results(name)), 0u) << "not consolidated:\n" << r.log;
  const std::size_t kept = ResultsStore(c.results(name)).load().size();
  EXPECT_GE(kept, 2u) << r.log;
  EXPECT_LT(kept, 48u) << r.log;

  const std::string cfg = c.dir().file(name + ".yaml");
  CmdResult again = sh(mpirun(2) + bin() + " run " + cfg);
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_TRUE(has(again.out, "48 jobs (" + std::to_string(kept) + " already stored, " + std::to_string(48 - kept) +
                                 " to run)"))
      << "kept " << kept << ":\n" << again.out;
  std::set<std::string> ids;
  for (const auto& rec : ResultsStore(c.results(name)).load()) ids.insert(rec.id);
  EXPECT_EQ(ids.size(), 48u);
  EXPECT_EQ(ids, matrix_ids(cfg));
}

TEST(MpirunSignal, SigtermToMpirunWithOpenMpiDefaultsConsolidatesAndResumes) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found (LOGSWEEP_MPIEXEC='" << LOGSWEEP_MPIEXEC << "')";
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  // Default odls_base_sigkill_timeout (1 s): the 5 s grace cannot fit; rank 0 says so up front
  // and consolidates within the second it has. Jobs of 2.5 s: both workers are in one when the
  // ranks get SIGTERM, so waiting the full grace would end in SIGKILL with nothing consolidated.
  Interrupted r = interrupt_mpirun(c, "term", SIGTERM, "", "5", "3", "2500");
  EXPECT_TRUE(has(r.log, "OMPI_MCA_odls_base_sigkill_timeout=7")) << r.log;
  expect_clean_and_resumable(c, "term", r);
}

TEST(MpirunSignal, CtrlCToMpirunWithARaisedSigkillTimeoutLetsTheRunningJobFinish) {
  if (!have_mpirun()) GTEST_SKIP() << "mpirun not found (LOGSWEEP_MPIEXEC='" << LOGSWEEP_MPIEXEC << "')";
  Corpus c;
  ASSERT_TRUE(c.ok()) << c.log();
  // The scripts' setting, scaled down: 3 s from the ranks' SIGTERM to SIGKILL hold a 2 s grace,
  // longer than one job (300 ms delay), so nothing is abandoned and no note is printed.
  Interrupted r = interrupt_mpirun(c, "int", SIGINT, "3", "2", "2", "300");
  EXPECT_FALSE(has(r.log, "odls_base_sigkill_timeout")) << r.log;
  EXPECT_FALSE(has(r.log, "abandoning")) << r.log;
  expect_clean_and_resumable(c, "int", r);
}

}  // namespace
}  // namespace logsweep::testing
