// logsweep run CONFIG: expand the matrix and run it over the MPI ranks (or --dry-run it).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cluster/config/config.hpp"
#include "cluster/matrix.hpp"
#include "cluster/prepare.hpp"
#include "cluster/scheduler.hpp"
#include "core/util/strings.hpp"
#include "results/store/store.hpp"
#include "runner/commands.hpp"
#include "runner/report.hpp"

namespace logsweep {
namespace {

// "0.02" or "0,0.02": budgets as in the YAML (fractions); a located error for anything else.
std::vector<double> parse_budget_list(const std::string& text, const std::string& where) {
  std::vector<double> out;
  for (const auto& part : split(text, ',')) {
    std::size_t used = 0;
    double b = -1;
    try {
      b = std::stod(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != part.size() || b < 0 || b > 1)
      throw ConfigError(fmt::format("{}: '{}' is not a budget in [0, 1]", where, part));
    out.push_back(b);
  }
  return out;
}

// The matrix and how much of it is stored, without running or preparing anything.
int dry_run(const ExperimentConfig& cfg, const RunOptions& opts, bool list) {
  auto jobs = expand_jobs(cfg, data_keys(cfg), opts.only);
  std::fputs(describe_matrix(cfg, jobs).c_str(), stdout);
  std::size_t done = 0, failed = 0;
  if (std::filesystem::exists(cfg.output) || std::filesystem::exists(cfg.output + ".journal")) {
    auto stored = ResultsStore(cfg.output).statuses();
    for (const auto& j : jobs) {
      auto it = stored.find(j.id);
      if (it == stored.end()) continue;
      (it->second == JobStatus::Failed ? failed : done)++;
    }
  }
  std::size_t to_run = jobs.size() - done - (opts.retry_failed ? 0 : failed);
  std::printf("  stored: %zu done/skipped, %zu failed; would run %zu job(s)\n", done, failed, to_run);
  if (list)
    for (const auto& j : jobs) std::printf("%s  %s\n", j.id.c_str(), j.short_name().c_str());
  return 0;
}

int run_main(const cli::Args& a, int argc, char** argv) {
  if (a.flag("--help-config")) {
    std::fputs(config_reference().c_str(), stdout);
    return 0;
  }
  if (a.positionals.empty()) throw ConfigError("'run' expects CONFIG (the experiment YAML); see `logsweep run --help`");
  RunOptions opts;
  opts.retry_failed = a.flag("--retry-failed");
  opts.threads = static_cast<int>(a.integer("--threads", 0, 1));
  opts.only.method = a.value("--only-method");
  if (a.has("--only-budget")) opts.only.budgets = parse_budget_list(a.value("--only-budget"), "option --only-budget");
  opts.quiet = a.flag("--quiet");
  opts.grace_seconds = static_cast<double>(a.integer("--grace", 5, 0));
  // --device wins over the YAML's `device` (parsed here so that a typo stops before MPI starts).
  std::optional<DeviceRequest> device;
  if (a.has("--device")) device = parse_device(a.value("--device"), "option --device");

  MpiSession mpi(argc, argv);
  ExperimentConfig cfg;
  collectively(MPI_COMM_WORLD, [&] {
    cfg = load_config(a.positionals[0]);
    if (device) {
      cfg.device = *device;
      cfg.device_where = Location{"", 0, 0, "--device"};
    }
  });
  if (a.flag("--dry-run") || a.flag("--list")) {
    int status = 0;
    collectively(MPI_COMM_WORLD, [&] {
      if (mpi.rank() == 0) status = dry_run(cfg, opts, a.flag("--list"));
    });
    return status;
  }
  int status = run_experiment(cfg, opts, MPI_COMM_WORLD);
  // The sweep ends with its tables and figures (also after some jobs failed: they show as such).
  if (mpi.rank() == 0 && (status == 0 || status == 1)) write_run_report(cfg);
  return status;
}

}  // namespace

SubCommand run_command() {
  return {{"run",
           {"CONFIG?"},
           "run an experiment: every (pair, method, budget, seed) job not yet stored",
           "Start it with `mpirun -np N logsweep run exp.yaml`: rank 0 coordinates and writes the results,\n"
           "ranks 1..N-1 run jobs (with -np 1 the single process does everything). Rerunning the same command\n"
           "resumes: stored jobs are kept, only missing ones run. Exit status: 0 all jobs stored, 1 some\n"
           "failed (see `logsweep status`), 2 bad config, 130 interrupted (mpirun itself exits 1 after a signal;\n"
           "rank 0 prints `interrupted: ...`). Ctrl-C to mpirun reaches the ranks odls_base_sigkill_timeout seconds\n"
           "late and SIGKILL as long after: start it with OMPI_MCA_odls_base_sigkill_timeout=7 for the default grace.",
           {{"--dry-run", "", "print the expanded job matrix and what is already stored; run nothing"},
            {"--list", "", "with --dry-run: also list every job id and name"},
            {"--resume", "", "skip jobs already stored (the default; accepted for scripts)"},
            {"--retry-failed", "", "also rerun jobs stored as failed"},
            {"--threads", "N", "torch threads per rank (default SLURM_CPUS_PER_TASK, else cores / ranks per node)"},
            {"--only-method", "M", "run only this method's jobs"},
            {"--only-budget", "B[,B...]", "run only the jobs of these budgets (each one of the config's)"},
            {"--device", "D", "auto, cpu, cuda or cuda:N: where jobs compute (overrides the YAML's `device`)"},
            {"--quiet", "", "no progress lines, only the final summary"},
            {"--grace", "SECONDS",
             "after Ctrl-C/SIGTERM, wait this long for running jobs (default 5; under mpirun at most "
             "OMPI_MCA_odls_base_sigkill_timeout - 0.5, default 0.5)"},
            {"--help-config", "", "print the experiment YAML reference (every key, every method parameter)"}}},
          run_main};
}

}  // namespace logsweep
