#include "cluster/scheduler.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <mutex>
#include <sstream>
#include <thread>

#include "cluster/device.hpp"
#include "cluster/launcher.hpp"
#include "cluster/progress.hpp"
#include "cluster/threads.hpp"
#include "core/models/compute_threads.hpp"
#include "experiments/method.hpp"
#include "results/store/files.hpp"
#include "results/store/results_lock.hpp"
#include "results/store/store.hpp"

namespace fs = std::filesystem;

namespace logsweep {
namespace {

// ---------------------------------------------------------------------------------------------
// Interrupts: the first SIGINT/SIGTERM asks for a clean stop, a second one exits at once.

// Workers get the signal too (mpirun and Slurm signal every rank): they finish their current
// job, whose result rank 0 still stores, and stop when rank 0 says so; only rank 0 announces.
volatile std::sig_atomic_t g_interrupted = 0;
volatile std::sig_atomic_t g_announce = 0;

void on_signal(int sig) {
  if (g_interrupted) _exit(128 + sig);
  g_interrupted = sig;
  if (!g_announce) return;
  const char msg[] = "\nlogsweep: interrupt received: no new jobs; finishing (signal again to quit now)\n";
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
}

class SignalGuard {
 public:
  explicit SignalGuard(bool announce) {
    g_interrupted = 0;
    g_announce = announce ? 1 : 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// ---------------------------------------------------------------------------------------------
// Messages between ranks. Worker -> 0: kReady ("<host> <pid>", first request) or kResult (record bytes);
// 0 -> worker: kJob ("<index> <id>", empty = stop).
constexpr int kReady = 101, kResult = 102, kJob = 103;

void check_mpi(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Error(fmt::format("MPI failure during {} ({}): a rank probably died; every stored job is intact, "
                          "rerun the same command to resume",
                          what, std::string(text, static_cast<std::size_t>(len))));
}

void send_text(MPI_Comm comm, int to, int tag, const std::string& s) {
  check_mpi(MPI_Send(s.data(), static_cast<int>(s.size()), MPI_CHAR, to, tag, comm), "send");
}

std::string recv_text(MPI_Comm comm, const MPI_Status& probed) {
  int n = 0;
  MPI_Get_count(&probed, MPI_CHAR, &n);
  std::string s(static_cast<std::size_t>(n), '\0');
  check_mpi(MPI_Recv(s.data(), n, MPI_CHAR, probed.MPI_SOURCE, probed.MPI_TAG, comm, MPI_STATUS_IGNORE), "receive");
  return s;
}

// ---------------------------------------------------------------------------------------------
// The plan: every rank expands the same matrix (same config, same files); rank 0 decides which
// jobs still need to run and in which order. Workers verify the id they are sent.

struct Plan {
  std::vector<Job> jobs;
  std::vector<std::size_t> queue;  // indices into jobs, in hand-out order
  std::size_t stored = 0;          // jobs of the matrix not rerun (already stored)
  std::size_t stored_failed = 0;   // of which Failed (not retried)
};

void estimate_costs(Plan& plan, const ExperimentConfig& cfg, DatasetPool* pool, Embedders& embedders) {
  // With workers, rank 0 keeps only light copies (no per-line arrays) for the estimates.
  std::map<std::string, PreparedDataset> light;
  auto dataset = [&](const std::string& name) -> const PreparedDataset& {
    if (pool) return pool->get(name);
    auto it = light.find(name);
    if (it == light.end())
      it = light.emplace(name, DatasetPool::light(load_or_prepare(cfg.dataset(name).spec, embedders.of(name), cfg.cache_dir))).first;
    return it->second;
  };
  for (std::size_t idx : plan.queue) {
    Job& j = plan.jobs[idx];
    try {
      JobInputs in;
      in.source = &dataset(j.source_dataset());
      in.target = &dataset(j.target_dataset());
      in.budget = j.budget;
      in.seed = j.seed;
      in.params = j.params;
      in.keep_vectors = cfg.keep_vectors;
      j.cost = find_method(j.method).expected_cost(in);
    } catch (const std::exception&) {
      j.cost = 1.0;  // the job itself will report the problem
    }
  }
  std::stable_sort(plan.queue.begin(), plan.queue.end(),
                   [&](std::size_t a, std::size_t b) { return plan.jobs[a].cost > plan.jobs[b].cost; });
}

void select_pending(Plan& plan, const ResultsStore& store, bool retry_failed) {
  auto stored = store.statuses();
  for (std::size_t i = 0; i < plan.jobs.size(); ++i) {
    auto it = stored.find(plan.jobs[i].id);
    bool rerun = it == stored.end() || (it->second == JobStatus::Failed && retry_failed);
    if (rerun) {
      plan.queue.push_back(i);
    } else {
      ++plan.stored;
      plan.stored_failed += it->second == JobStatus::Failed;
    }
  }
}

std::string summary_line(const Progress& p, const std::string& output) {
  const auto& c = p.counts();
  return fmt::format("finished: {} done, {} failed, {} skipped in this run ({} stored before); results in {}", c.done,
                     c.failed, c.skipped, c.stored, output);
}

// The failed-jobs hint is printed even with --quiet: it explains the exit status.
int final_status(const Plan& plan, const Progress& p) {
  std::size_t failed = p.counts().failed + plan.stored_failed;
  if (failed == 0) return kRunOk;
  std::fprintf(stderr, "%zu job(s) of this matrix are stored as failed: `logsweep status` shows why; "
               "`--retry-failed` reruns them\n", failed);
  return kRunSomeFailed;
}

// ---------------------------------------------------------------------------------------------
// One rank: run everything here.

// After an interrupt, a job still running when the grace period ends is abandoned: the
// watchdog takes the store lock (so no append is half done), consolidates and exits.
class Watchdog {
 public:
  Watchdog(ResultsStore& store, double grace, const Plan& plan, const Progress& progress)
      : thread_([this, &store, grace, &plan, &progress] {
          std::chrono::steady_clock::time_point since{};
          while (!stop_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (!g_interrupted) continue;
            auto now = std::chrono::steady_clock::now();
            if (since == std::chrono::steady_clock::time_point{}) since = now;
            if (std::chrono::duration<double>(now - since).count() < grace) continue;
            std::lock_guard<std::mutex> lock(mu);
            if (!in_job) continue;
            const auto& c = progress.counts();
            std::fprintf(stderr, "\ninterrupted: %zu of %zu jobs stored; abandoning the running job; "
                         "rerun the same command to resume\n",
                         plan.stored + c.done + c.failed + c.skipped, plan.jobs.size());
            try {
              store.consolidate();
            } catch (const std::exception& e) {
              std::fprintf(stderr, "warning: %s (the journal keeps every stored job)\n", e.what());
            }
            std::fflush(stderr);
            _exit(kRunInterrupted);
          }
        }) {}
  ~Watchdog() {
    stop_ = true;
    thread_.join();
  }
  std::mutex mu;
  bool in_job = false;  // guarded by mu

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

int run_alone(Plan& plan, const ExperimentConfig& cfg, const RunOptions& opts, ResultsStore& store, DatasetPool& pool,
              const std::string& device) {
  Progress progress(plan.jobs.size(), plan.stored, opts.quiet);
  {
    Watchdog watchdog(store, opts.grace_seconds, plan, progress);
    for (std::size_t idx : plan.queue) {
      if (g_interrupted) break;
      const Job& job = plan.jobs[idx];
      progress.started(0, job.short_name());
      {
        std::lock_guard<std::mutex> lock(watchdog.mu);
        watchdog.in_job = true;
      }
      JobRecord rec = execute_job(job, pool, cfg.keep_vectors, 0, device);
      std::lock_guard<std::mutex> lock(watchdog.mu);
      watchdog.in_job = false;
      store.append(rec);
      progress.finished(0, rec.status, job.short_name(), rec.message);
    }
  }
  progress.finish();
  store.consolidate();
  if (g_interrupted) {
    std::fprintf(stderr, "interrupted: %zu of %zu jobs stored; rerun the same command to resume\n",
                 plan.stored + progress.counts().done + progress.counts().failed + progress.counts().skipped,
                 plan.jobs.size());
    return kRunInterrupted;
  }
  std::fprintf(stderr, "%s\n", summary_line(progress, cfg.output).c_str());
  return final_status(plan, progress);
}

// ---------------------------------------------------------------------------------------------
// Rank 0 with workers: hand out jobs, store results as they arrive.

// Where each worker runs, from its kReady message.
struct WorkerProcess {
  std::string host;
  long pid = 0;
};

// When a worker dies, mpirun signals the other ranks, which rank 0 cannot tell from a Ctrl-C;
// a worker on this host that no longer runs names the cause. Checked when the signal arrives and
// again when the run stops: mpirun may signal as soon as the worker's connection drops, while the
// worker is still exiting. `reported` keeps each rank to one line.
void report_dead_workers(const std::map<int, WorkerProcess>& workers, std::set<int>& reported) {
  for (const auto& [rank, w] : workers)
    if (!reported.count(rank) && w.host == this_host_name() && !process_alive_here(w.pid)) {
      reported.insert(rank);
      std::fprintf(stderr, "logsweep: rank %d (pid %ld) died; every job stored so far is intact: rerun the same "
                   "command to resume\n", rank, w.pid);
    }
  std::fflush(stderr);
}

int coordinate(Plan& plan, const ExperimentConfig& cfg, const RunOptions& opts, ResultsStore& store, MPI_Comm comm) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  Progress progress(plan.jobs.size(), plan.stored, opts.quiet);
  std::size_t next = 0;
  int active = size - 1;
  std::map<int, std::size_t> in_flight;  // rank -> job index
  std::map<int, WorkerProcess> workers;
  std::set<int> reported_dead;
  bool stopping = false;
  auto deadline = std::chrono::steady_clock::now();
  while (active > 0) {
    if (g_interrupted && !stopping) {
      stopping = true;
      report_dead_workers(workers, reported_dead);
      deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                        std::chrono::duration<double>(opts.grace_seconds));
      // At once: under mpirun SIGKILL may follow within a second (cluster/launcher.hpp), and
      // a consolidated file is what the next run and `status` read fastest.
      store.consolidate();
    }
    if (stopping && !in_flight.empty() && std::chrono::steady_clock::now() > deadline) break;  // abandon them
    int flag = 0;
    MPI_Status st;
    check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &st), "probe");
    if (!flag) {
      progress.tick();
      // A worker waits for its next job for half a poll on average (was 20 ms: ~10 of the
      // 39.5 ms measured between jobs); an idle probe costs microseconds.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    std::string payload = recv_text(comm, st);
    int worker = st.MPI_SOURCE;
    if (st.MPI_TAG == kReady) {
      std::istringstream in(payload);
      in >> workers[worker].host >> workers[worker].pid;
    }
    if (st.MPI_TAG == kResult) {
      JobRecord rec = deserialize_record(payload);
      store.append(rec);  // durable before this worker gets anything else
      const Job& job = plan.jobs[in_flight.at(worker)];
      in_flight.erase(worker);
      progress.finished(worker, rec.status, job.short_name(), rec.message, false);
    }
    if (!stopping && next < plan.queue.size()) {
      std::size_t idx = plan.queue[next++];
      send_text(comm, worker, kJob, fmt::format("{} {}", idx, plan.jobs[idx].id));
      in_flight[worker] = idx;
      progress.started(worker, plan.jobs[idx].short_name());
    } else {
      send_text(comm, worker, kJob, "");
      --active;
    }
    if (st.MPI_TAG == kResult) progress.flush();
  }
  progress.finish();
  std::size_t stored = plan.stored + progress.counts().done + progress.counts().failed + progress.counts().skipped;
  if (stopping) {
    report_dead_workers(workers, reported_dead);
    std::fprintf(stderr, "interrupted: %zu of %zu jobs stored; rerun the same command to resume\n", stored,
                 plan.jobs.size());
    store.consolidate();
    if (!in_flight.empty()) {
      std::fprintf(stderr, "abandoning %zu running job(s)\n", in_flight.size());
      MPI_Abort(comm, kRunInterrupted);
    }
    return kRunInterrupted;
  }
  store.consolidate();
  std::fprintf(stderr, "%s\n", summary_line(progress, cfg.output).c_str());
  return final_status(plan, progress);
}

void work(const Plan& plan, const ExperimentConfig& cfg, DatasetPool& pool, const std::string& device, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  send_text(comm, 0, kReady, fmt::format("{} {}", this_host_name(), ::getpid()));
  for (;;) {
    MPI_Status st;
    check_mpi(MPI_Probe(0, kJob, comm, &st), "probe");
    std::string msg = recv_text(comm, st);
    if (msg.empty()) return;
    std::size_t space = msg.find(' ');
    std::size_t idx = std::stoul(msg.substr(0, space));
    std::string id = msg.substr(space + 1);
    JobRecord rec;
    if (idx < plan.jobs.size() && plan.jobs[idx].id == id) {
      rec = execute_job(plan.jobs[idx], pool, cfg.keep_vectors, rank, device);
    } else {  // this rank sees other files or settings than rank 0
      rec.id = id;
      rec.status = JobStatus::Failed;
      rec.rank = rank;
      rec.device = device;
      rec.message =
          fmt::format("rank {} expanded a different job matrix (dataset files or config differ between nodes?)", rank);
    }
    std::string bytes;
    try {
      bytes = serialize_record(rec);
    } catch (const std::exception& e) {
      JobRecord failed = rec;
      failed.status = JobStatus::Failed;
      failed.result = MethodResult{};
      failed.message = std::string("cannot serialise the result: ") + e.what();
      bytes = serialize_record(failed);
    }
    send_text(comm, 0, kResult, bytes);
  }
}

// Before any work: the output must be writable (else the run would fail only after preparing the
// datasets and running a job), and no other run may write it (see results_lock.hpp).
std::unique_ptr<ResultsStore> open_for_writing(const std::string& output, std::unique_ptr<ResultsLock>& lock) {
  const fs::path out(output);
  check_writable_directory(out.has_parent_path() ? out.parent_path().string() : ".", "output directory");
  lock = std::make_unique<ResultsLock>(output);
  auto store = std::make_unique<ResultsStore>(output);
  if (fs::is_directory(store->journal_dir())) check_writable_directory(store->journal_dir(), "results journal");
  store->remove_dead_temps();
  return store;
}

}  // namespace

int run_experiment(const ExperimentConfig& cfg, const RunOptions& opts, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  SignalGuard signals(rank == 0);
  // The grace that fits before the launcher's SIGKILL (mpirun: about 1 s unless raised).
  const KillWindow window = launcher_kill_window();
  RunOptions fitted = opts;
  fitted.grace_seconds = effective_grace(opts.grace_seconds, window);
  if (rank == 0 && !opts.quiet) {
    const std::string note = kill_window_note(opts.grace_seconds, window);
    if (!note.empty()) std::fprintf(stderr, "%s\n", note.c_str());
  }

  int threads = apply_threads(opts.threads, comm);
  const RankDevices devices = choose_rank_devices(cfg, comm);
  Embedders embedders(cfg);
  Plan plan;
  std::unique_ptr<ResultsLock> lock;  // held until this function returns (see results_lock.hpp)
  std::unique_ptr<ResultsStore> store;
  collectively(comm, [&] {
    plan.jobs = expand_jobs(cfg, data_keys(cfg), opts.only);
    if (rank == 0) {
      store = open_for_writing(cfg.output, lock);
      select_pending(plan, *store, opts.retry_failed);
    }
  });
  if (rank == 0 && !opts.quiet)
    std::fprintf(
        stderr, "logsweep: %zu jobs (%zu already stored, %zu to run) on %d rank(s), %d thread(s) per rank, %s\n",
        plan.jobs.size(), plan.stored, plan.queue.size(), size, threads, describe_devices(devices.all).c_str());
  // Nothing to run: skip preparation entirely (a finished experiment reruns instantly).
  int pending = static_cast<int>(plan.queue.size());
  MPI_Bcast(&pending, 1, MPI_INT, 0, comm);
  if (pending == 0) {
    if (rank == 0) {
      store->consolidate();
      Progress p(plan.jobs.size(), plan.stored, true);
      if (!opts.quiet) std::fprintf(stderr, "nothing to run; results in %s\n", cfg.output.c_str());
      return final_status(plan, p);
    }
    return kRunOk;
  }

  auto infos = prepare_all(cfg, embedders, comm, true);
  if (rank == 0 && !opts.quiet)
    for (const auto& info : infos) std::fprintf(stderr, "  %s\n", info.summary.c_str());

  DatasetPool pool(cfg, embedders);
  if (size == 1) {
    estimate_costs(plan, cfg, &pool, embedders);
    return run_alone(plan, cfg, fitted, *store, pool, devices.mine);
  }
  if (rank == 0) {
    set_compute_threads(1);  // coordinates only
    estimate_costs(plan, cfg, nullptr, embedders);
    return coordinate(plan, cfg, fitted, *store, comm);
  }
  work(plan, cfg, pool, devices.mine, comm);
  return kRunOk;
}

}  // namespace logsweep
