#include <mpi.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <exception>

#include "runner/commands.hpp"

namespace logsweep {

namespace {
// Test hook LOGSWEEP_TEST_FILE_SIZE_LIMIT=<bytes>: from here on, writing a file past that size
// fails (EFBIG, SIGXFSZ ignored) as on a full disk. Set after MPI_Init, whose own shared-memory
// files a shell `ulimit -f` would already break.
void apply_file_size_limit_hook() {
  const char* limit = std::getenv("LOGSWEEP_TEST_FILE_SIZE_LIMIT");
  if (!limit) return;
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit lim{};
  getrlimit(RLIMIT_FSIZE, &lim);
  lim.rlim_cur = static_cast<rlim_t>(std::atoll(limit));
  setrlimit(RLIMIT_FSIZE, &lim);
}
}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  // Only the main thread calls MPI; torch's own threads never do.
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  apply_file_size_limit_hook();
}

MpiSession::~MpiSession() {
  if (std::uncaught_exceptions() > 0) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

}  // namespace logsweep
