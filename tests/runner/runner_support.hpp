#pragma once
// Helpers for the end-to-end tests: run the built CLI (directly or under mpirun) and a small
// generated corpus with a tiny experiment over it.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

namespace logsweep::testing {

struct CmdResult {
  int code = -1;
  std::string out;  // stdout + stderr
};

// Whether a command's output mentions `what`.
inline bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

inline CmdResult sh(const std::string& cmd) {
  CmdResult r;
  std::FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline std::string bin() { return LOGSWEEP_BIN; }

// "mpirun ... -np N" with the options the tests need on a 2-core machine as root;
// `env` names environment variables to forward to the ranks.
inline std::string mpirun(int np, const std::string& env_vars = "") {
  std::string cmd = std::string(LOGSWEEP_MPIEXEC) + " --allow-run-as-root --oversubscribe --bind-to none";
  for (const auto& v : {std::string("LOGSWEEP_TEST_FAIL_JOB"), std::string("LOGSWEEP_TEST_JOB_DELAY_MS")})
    if (env_vars.find(v) != std::string::npos) cmd += " -x " + v;
  return cmd + " -np " + std::to_string(np) + " ";
}

// A generated 3-system corpus (1200 lines each) and tiny experiments over it.
class Corpus {
 public:
  Corpus() {
    CmdResult g = sh(bin() + " generate --out " + dir_.path() + "/data --lines 1200 --seed 3");
    ok_ = g.code == 0;
    log_ = g.out;
  }
  bool ok() const { return ok_; }
  const std::string& log() const { return log_; }
  const TempDir& dir() const { return dir_; }
  // An experiment writing `name`.h5; all of them share one dataset cache. 2 methods x 6 pairs
  // x 2 budgets x 2 seeds = 48 jobs (some are skipped: tiny targets without test anomalies).
  std::string experiment(const std::string& name, const std::string& extra = "") const {
    const std::string tiny = "{epochs: 1, encoder_epochs: 1, encoder_refit_epochs: 0, encoder_hidden: 4, hidden: 4, "
                             "fc: 4, round_epochs: '1', batch_size: 512, max_len: 10}";
    std::string y = "name: " + name + "\n"
                    "output: out/" + name + ".h5\n"
                    "cache_dir: out/cache\n"
                    "embedder: {kind: hashed, dim: 16}\n"
                    "defaults: {split: {train_ratio: 0.6}}\n"
                    "datasets:\n"
                    "  - {name: synthA, format: bgl, path: data/synthA.log}\n"
                    "  - {name: synthB, format: thunderbird, path: data/synthB.log}\n"
                    "  - {name: synthC, format: zookeeper, path: data/synthC.log}\n"
                    "pairs: all\n"
                    "methods: [LogAction, LogAction_wa]\n"
                    "budgets: [0, 0.05]\n"
                    "seeds: [0, 1]\n"
                    "method_params: {LogAction: " + tiny + ", LogAction_wa: " + tiny + "}\n" + extra;
    return dir_.write(name + ".yaml", y);
  }
  std::string results(const std::string& name) const { return dir_.path() + "/out/" + name + ".h5"; }

 private:
  TempDir dir_;
  bool ok_ = false;
  std::string log_;
};

// Job ids of a config's matrix, from `logsweep run CONFIG --dry-run --list`.
inline std::set<std::string> matrix_ids(const std::string& config) {
  CmdResult r = sh(bin() + " run " + config + " --dry-run --list");
  std::set<std::string> ids;
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    std::size_t nl = r.out.find('\n', pos);
    if (nl == std::string::npos) nl = r.out.size();
    std::string line = r.out.substr(pos, nl - pos);
    if (line.size() > 18 && line.find_first_not_of("0123456789abcdef") == 16 && line.substr(16, 2) == "  ")
      ids.insert(line.substr(0, 16));
    pos = nl + 1;
  }
  return ids;
}

inline std::size_t journal_entries(const std::string& results) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(results + ".journal", ec))
    n += e.path().extension() == ".h5";
  return n;
}

// Starts `argv` in its own process group; returns its pid.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    (void)f;
    dup2(fileno(stdout), 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits until `results` holds k journal entries; false when `pid` ended first or after timeout_s.
inline bool wait_for_entries(const std::string& results, std::size_t k, pid_t pid, double timeout_s) {
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < timeout_s) {
    if (journal_entries(results) >= k) return true;
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace logsweep::testing
