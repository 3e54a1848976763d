// End to end through the built binary: generate -> run (1..3 ranks) -> store, with failures,
// kills, interrupts and resume. Each test uses its own generated corpus (a few seconds).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cluster/config/config.hpp"
#include "core/util/strings.hpp"
#include "results/store/store.hpp"
#include "runner/runner_support.hpp"

namespace logsweep::testing {
namespace {

std::map<std::string, JobRecord> stored(const std::string& results) {
  std::map<std::string, JobRecord> out;
  for (auto& r : ResultsStore(results).load()) out.emplace(r.id, std::move(r));
  return out;
}

#define REQUIRE_CORPUS(c) ASSERT_TRUE((c).ok()) << (c).log()

TEST(EndToEnd, GenerateWritesALoadableExperiment) {
  Corpus c;
  REQUIRE_CORPUS(c);
  ExperimentConfig cfg = load_config(c.dir().path() + "/data/experiment.yaml");
  ASSERT_EQ(cfg.datasets.size(), 3u);
  EXPECT_EQ(cfg.datasets[0].spec.reader.path, c.dir().path() + "/data/synthA.log");
  EXPECT_FALSE(cfg.methods.empty());
  CmdResult r = sh(bin() + " run " + c.dir().path() + "/data/experiment.yaml --dry-run");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "pairs (3)")) << r.out;
}

TEST(EndToEnd, DryRunPrintsTheMatrixWithoutRunning) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("dry");
  CmdResult r = sh(bin() + " run " + cfg + " --dry-run");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "48 jobs")) << r.out;
  EXPECT_TRUE(has(r.out, "pairs (6)")) << r.out;
  EXPECT_TRUE(has(r.out, "budgets (2): 0, 0.05")) << r.out;
  EXPECT_TRUE(has(r.out, "would run 48 job(s)")) << r.out;
  EXPECT_EQ(matrix_ids(cfg).size(), 48u);
  EXPECT_TRUE(has(sh(bin() + " run " + cfg + " --dry-run --only-method LogAction_wa").out, "24 jobs"));
  EXPECT_FALSE(std::filesystem::exists(c.results("dry")));
}

TEST(EndToEnd, ThreeRanksStoreEveryJobExactlyOnce) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("np3");
  auto ids = matrix_ids(cfg);
  ASSERT_EQ(ids.size(), 48u);
  CmdResult r = sh(mpirun(3) + bin() + " run " + cfg);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "finished:")) << r.out;
  EXPECT_TRUE(has(r.out, " thread(s) per rank, device cpu\n")) << r.out;
  auto recs = ResultsStore(c.results("np3")).load();
  std::set<std::string> got;
  std::size_t done = 0;
  for (const auto& rec : recs) {
    EXPECT_TRUE(got.insert(rec.id).second) << "duplicate " << rec.id;
    EXPECT_TRUE(rec.rank == 1 || rec.rank == 2) << "rank 0 only coordinates";
    EXPECT_EQ(rec.device, "cpu") << "auto on a machine without a GPU";
    EXPECT_EQ(rec.version, LOGSWEEP_VERSION);
    EXPECT_FALSE(rec.host.empty());
    EXPECT_GT(rec.finished_at, 1.6e9);
    EXPECT_NE(rec.status, JobStatus::Failed) << rec.message;
    done += rec.status == JobStatus::Done;
  }
  EXPECT_EQ(got, ids);
  EXPECT_GT(done, 0u) << "some jobs must really run";
  EXPECT_EQ(journal_entries(c.results("np3")), 0u) << "consolidated at the end";
  // Resume: nothing left to do, nothing duplicated.
  r = sh(bin() + " run " + cfg);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "48 jobs (48 already stored, 0 to run)")) << r.out;
  EXPECT_EQ(ResultsStore(c.results("np3")).load().size(), 48u);
  CmdResult s = sh(bin() + " status " + c.results("np3") + " --config " + cfg);
  EXPECT_EQ(s.code, 0);
  EXPECT_TRUE(has(s.out, " 0\n")) << s.out;  // pending column of the total row
}

TEST(EndToEnd, FailingJobIsRecordedAndOnlyRetriedOnRequest) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("fail");
  // LogAction seed 1 throws; LogAction_wa seed 0 runs out of memory (std::bad_alloc).
  CmdResult r = sh("LOGSWEEP_TEST_FAIL_JOB=LogAction:1,LogAction_wa:0:oom " + mpirun(2, "LOGSWEEP_TEST_FAIL_JOB") + bin() +
                   " run " + cfg);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "job failed: LogAction")) << r.out;
  auto recs = stored(c.results("fail"));
  ASSERT_EQ(recs.size(), 48u);
  std::size_t failed = 0, oom = 0;
  for (const auto& [id, rec] : recs) {
    bool hooked = rec.method == "LogAction" && rec.seed == 1;
    bool out_of_memory = rec.method == "LogAction_wa" && rec.seed == 0;
    EXPECT_EQ(rec.status == JobStatus::Failed, hooked || out_of_memory)
        << rec.method << " s=" << rec.seed << ": " << rec.message;
    if (hooked) {
      ++failed;
      EXPECT_TRUE(has(rec.message, "forced failure (test hook LOGSWEEP_TEST_FAIL_JOB)")) << rec.message;
    }
    if (out_of_memory) {
      ++oom;
      EXPECT_TRUE(has(rec.message, "bad_alloc")) << rec.message;
    }
  }
  EXPECT_EQ(failed, 12u);  // 6 pairs x 2 budgets
  EXPECT_EQ(oom, 12u);
  // A plain rerun keeps the failures (and says so); --retry-failed reruns exactly those.
  r = sh(bin() + " run " + cfg);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "0 to run")) << r.out;
  r = sh(mpirun(2) + bin() + " run " + cfg + " --retry-failed");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "24 already stored, 24 to run")) << r.out;
  recs = stored(c.results("fail"));
  ASSERT_EQ(recs.size(), 48u);
  for (const auto& [id, rec] : recs) EXPECT_NE(rec.status, JobStatus::Failed) << rec.message;
}

// All pids descending from `root` (mpirun may put its ranks in their own process groups).
std::vector<pid_t> descendants(pid_t root) {
  std::map<pid_t, std::vector<pid_t>> children;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    pid_t ppid;
    rest >> state >> ppid;
    children[ppid].push_back(std::stoi(name));
  }
  std::vector<pid_t> out, todo = {root};
  while (!todo.empty()) {
    pid_t p = todo.back();
    todo.pop_back();
    for (pid_t c : children[p]) {
      out.push_back(c);
      todo.push_back(c);
    }
  }
  return out;
}

TEST(EndToEnd, KillNineAtAnyPointThenResumeStoresEveryJobOnce) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("kill");
  auto ids = matrix_ids(cfg);
  setenv("LOGSWEEP_TEST_JOB_DELAY_MS", "100", 1);
  std::size_t before = 0;
  for (std::size_t k : {1u, 6u, 14u}) {
    std::vector<std::string> args = {LOGSWEEP_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "--bind-to", "none",
                                     "-x", "LOGSWEEP_TEST_JOB_DELAY_MS", "-np", "2", bin(), "run", cfg, "--quiet"};
    pid_t pid = spawn(args, c.dir().file("kill.log"));
    ASSERT_GT(pid, 0);
    bool reached = wait_for_entries(c.results("kill"), k, pid, 40);
    auto family = descendants(pid);
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    for (pid_t p : family) kill(p, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(reached) << "run ended before " << k << " stored jobs:\n" << read_file(c.dir().file("kill.log"));
    std::size_t now = ResultsStore(c.results("kill")).statuses().size();
    EXPECT_GE(now, k);
    EXPECT_GE(now, before) << "a kill must never lose stored jobs";
    before = now;
  }
  unsetenv("LOGSWEEP_TEST_JOB_DELAY_MS");
  CmdResult r = sh(mpirun(2) + bin() + " run " + cfg);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "(" + std::to_string(before) + " already stored")) << r.out;
  auto recs = ResultsStore(c.results("kill")).load();
  std::set<std::string> got;
  for (const auto& rec : recs) EXPECT_TRUE(got.insert(rec.id).second) << "duplicate " << rec.id;
  EXPECT_EQ(got, ids);
}

// The MPI rank (OMPI_COMM_WORLD_RANK) a process runs as, or -1.
int mpi_rank_of(pid_t pid) {
  std::ifstream env("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::string var;
  while (std::getline(env, var, '\0'))
    if (starts_with(var, "OMPI_COMM_WORLD_RANK=")) return std::stoi(var.substr(21));
  return -1;
}

TEST(EndToEnd, AWorkerThatDiesEndsTheRunWithEveryStoredJobIntact) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("dies");
  setenv("LOGSWEEP_TEST_JOB_DELAY_MS", "150", 1);
  std::vector<std::string> args = {LOGSWEEP_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "--bind-to", "none",
                                   "-x", "LOGSWEEP_TEST_JOB_DELAY_MS", "-np", "3", bin(), "run", cfg};
  pid_t pid = spawn(args, c.dir().file("dies.log"));
  unsetenv("LOGSWEEP_TEST_JOB_DELAY_MS");
  bool reached = wait_for_entries(c.results("dies"), 3, pid, 40);
  pid_t worker = -1;
  for (pid_t p : descendants(pid))
    if (mpi_rank_of(p) == 1) worker = p;
  if (worker > 0) kill(worker, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  for (pid_t p : descendants(pid)) kill(p, SIGKILL);
  std::string log = read_file(c.dir().file("dies.log"));
  ASSERT_TRUE(reached) << log;
  ASSERT_GT(worker, 0) << "rank 1 not found";
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << log;
  EXPECT_TRUE(has(log, "rank 1")) << log;  // mpirun names the dead rank
  // ... and so does logsweep (issue 14 item 11), saying that the stored results are intact.
  EXPECT_TRUE(has(log, "logsweep: rank 1 (pid " + std::to_string(worker) + ") died; every job stored so far is intact"))
      << log;
  std::size_t kept = ResultsStore(c.results("dies")).statuses().size();
  EXPECT_GE(kept, 3u);
  CmdResult r = sh(mpirun(2) + bin() + " run " + cfg);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "(" + std::to_string(kept) + " already stored")) << r.out;
  EXPECT_EQ(ResultsStore(c.results("dies")).load().size(), 48u);
}

TEST(EndToEnd, InterruptStopsCleanlyAndTheSameCommandResumes) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("sigint");
  setenv("LOGSWEEP_TEST_JOB_DELAY_MS", "200", 1);
  pid_t pid = spawn({bin(), "run", cfg}, c.dir().file("sigint.log"));
  unsetenv("LOGSWEEP_TEST_JOB_DELAY_MS");
  ASSERT_TRUE(wait_for_entries(c.results("sigint"), 2, pid, 40)) << read_file(c.dir().file("sigint.log"));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  std::string log = read_file(c.dir().file("sigint.log"));
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 130) << log;
  EXPECT_TRUE(has(log, "interrupted: ")) << log;
  EXPECT_TRUE(has(log, "jobs stored; rerun the same command to resume")) << log;
  EXPECT_TRUE(std::filesystem::exists(c.results("sigint"))) << "consolidated on the way out";
  EXPECT_EQ(journal_entries(c.results("sigint")), 0u);
  std::size_t kept = ResultsStore(c.results("sigint")).load().size();
  EXPECT_GE(kept, 2u);
  EXPECT_LT(kept, 48u);
  CmdResult r = sh(bin() + " run " + cfg + " --quiet");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(ResultsStore(c.results("sigint")).load().size(), 48u);
}

TEST(EndToEnd, OneAndTwoRanksGiveIdenticalResultsPerJob) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string one = c.experiment("det1"), two = c.experiment("det2");
  ASSERT_EQ(matrix_ids(one), matrix_ids(two)) << "the output path is not part of a job's identity";
  CmdResult a = sh(bin() + " run " + one + " --threads 1 --quiet");
  ASSERT_EQ(a.code, 0) << a.out;
  CmdResult b = sh(mpirun(2) + bin() + " run " + two + " --threads 1 --quiet");
  ASSERT_EQ(b.code, 0) << b.out;
  auto ra = stored(c.results("det1")), rb = stored(c.results("det2"));
  ASSERT_EQ(ra.size(), 48u);
  ASSERT_EQ(rb.size(), 48u);
  std::size_t compared = 0;
  for (const auto& [id, x] : ra) {
    ASSERT_TRUE(rb.count(id)) << id;
    const JobRecord& y = rb.at(id);
    EXPECT_EQ(x.status, y.status) << x.method;
    EXPECT_EQ(x.message, y.message);
    if (x.status != JobStatus::Done) continue;
    ++compared;
    EXPECT_EQ(x.result.confusion.tp, y.result.confusion.tp) << id;
    EXPECT_EQ(x.result.confusion.fp, y.result.confusion.fp) << id;
    EXPECT_EQ(x.result.confusion.fn, y.result.confusion.fn) << id;
    EXPECT_EQ(x.result.f1, y.result.f1) << id;
    EXPECT_EQ(x.result.precision, y.result.precision) << id;
    EXPECT_TRUE(x.result.auc == y.result.auc || (std::isnan(x.result.auc) && std::isnan(y.result.auc))) << id;
    EXPECT_EQ(x.result.selected, y.result.selected) << id;
    EXPECT_EQ(x.result.n_labelled, y.result.n_labelled) << id;
    EXPECT_EQ(x.params, y.params);
  }
  EXPECT_GT(compared, 0u);
}

TEST(EndToEnd, PrepareDescribesDatasetsAndReusesTheCache) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("prep");
  CmdResult r = sh(mpirun(2) + bin() + " prepare " + cfg);
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* n : {"synthA: 1200 lines", "synthB: 1200 lines", "synthC: 1200 lines", "templates", "windows ("})
    EXPECT_TRUE(has(r.out, n)) << n << "\n" << r.out;
  EXPECT_TRUE(has(r.out, "rebuilt")) << r.out;
  r = sh(bin() + " prepare " + cfg);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_FALSE(has(r.out, "rebuilt")) << r.out;
  EXPECT_TRUE(has(r.out, "reused")) << r.out;
}

TEST(EndToEnd, TableAndStatusAfterARun) {
  Corpus c;
  REQUIRE_CORPUS(c);
  std::string cfg = c.experiment("tab", "");
  ASSERT_EQ(sh(bin() + " run " + cfg + " --quiet --only-method LogAction").code, 0);
  CmdResult s = sh(bin() + " status " + c.results("tab") + " --config " + cfg);
  ASSERT_EQ(s.code, 0) << s.out;
  EXPECT_TRUE(has(s.out, "pending")) << s.out;
  EXPECT_TRUE(has(s.out, "LogAction_wa")) << s.out;  // all 24 of its jobs pending
  EXPECT_TRUE(has(s.out, "24\n")) << s.out;
  CmdResult t = sh(bin() + " table " + c.results("tab"));
  EXPECT_EQ(t.code, 0) << t.out;
  EXPECT_TRUE(has(t.out, "| LogAction |")) << t.out;
}

}  // namespace
}  // namespace logsweep::testing
