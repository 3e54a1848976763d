#include <mpi.h>

#include <exception>

#include "runner/commands.hpp"

namespace logsweep {

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  // Only the main thread calls MPI; torch's own threads never do.
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (std::uncaught_exceptions() > 0) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

}  // namespace logsweep
