#pragma once
// Running the job matrix over MPI ranks.
//
// Rank 0 coordinates and is the only writer of the results file: it stores every record the
// moment it arrives (ResultsStore::append, durable) and only then hands that worker its next
// job, longest expected cost first. Workers keep their datasets in memory across jobs and send
// each result back as bytes (serialize_record). With one rank, the process runs every job
// itself. Rank 0 polls (MPI_Iprobe + short sleep) instead of blocking, because OpenMPI's
// blocking receive spins a core that a worker could use.
//
// Before any work rank 0 checks that the output directory is writable, takes the results file's
// ResultsLock for the whole run (a second run on the same file is refused, naming the holder; see
// results/store/results_lock.hpp) and removes journal temp files whose writer is dead.
//
// Resume: jobs already stored as Done/Skipped are never rerun; Failed ones only with
// retry_failed. A job that throws is stored as Failed with its message (JobSkipped -> Skipped)
// and the run goes on. SIGINT/SIGTERM on rank 0: no new work is handed out, the store is
// consolidated, in-flight results are awaited for `grace_seconds` (then abandoned), the store is
// consolidated again and the run exits with 130; a second signal exits at once (the journal
// keeps every stored job either way). Under mpirun the grace is cut to what fits before Open
// MPI's SIGKILL (cluster/launcher.hpp), with a note on rank 0 naming the setting that lifts it.
//
// Test hooks (environment, read by the process running a job):
//   LOGSWEEP_TEST_FAIL_JOB=<method>:<seed>[:oom][,...]  matching jobs throw (recorded as Failed);
//                                                  with :oom they throw std::bad_alloc
//   LOGSWEEP_TEST_JOB_DELAY_MS=<n>                every job sleeps n ms first (kill tests)
//   LOGSWEEP_TEST_FILE_SIZE_LIMIT=<bytes>         files cannot grow past that size, as on a full
//                                                 disk (runner/mpi_session.cpp; disk-full tests)
#include <string>

#include <mpi.h>

#include "cluster/config/config.hpp"
#include "cluster/matrix.hpp"
#include "cluster/prepare.hpp"
#include "experiments/method.hpp"
#include "results/store/record.hpp"

namespace logsweep {

struct RunOptions {
  bool retry_failed = false;
  int threads = 0;            // 0 = automatic (see cluster/threads.hpp)
  JobFilter only;             // run only this slice of the matrix (--only-method, --only-budget)
  bool quiet = false;         // no progress lines, only the final summary
  double grace_seconds = 5;   // after an interrupt, wait this long for in-flight results
};

// Exit statuses of run_experiment.
constexpr int kRunOk = 0;            // every job of the matrix is stored as Done or Skipped
constexpr int kRunSomeFailed = 1;    // finished, but some jobs are stored as Failed
constexpr int kRunInterrupted = 130;

// Runs one job to a record (never throws: failures become Failed/Skipped records) on `device`
// ("cpu" or "cuda:K", from cluster/device.hpp), which the record keeps.
// A job's inputs from the pool, with torch seeded by the job's seed (every run of a job, batch or
// `logsweep label`, starts here). `load_seconds` (if given) gets the time spent loading.
JobInputs job_inputs(const Job& job, DatasetPool& pool, bool keep_vectors, const std::string& device,
                     double* load_seconds = nullptr);
JobRecord execute_job(const Job& job, DatasetPool& pool, bool keep_vectors, int rank,
                      const std::string& device = "cpu");

// Collective over `comm`; MPI must be initialised. Returns one of the exit statuses above.
// Fatal errors agreed by all ranks (config, data) surface as CollectiveExit.
int run_experiment(const ExperimentConfig& cfg, const RunOptions& opts, MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace logsweep
