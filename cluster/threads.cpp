#include "cluster/threads.hpp"

#include "core/models/compute_threads.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace logsweep {

int choose_threads(int requested, const char* slurm_cpus, unsigned hardware_cores, int computing_ranks_on_node) {
  if (requested > 0) return requested;
  if (slurm_cpus && *slurm_cpus) {
    int n = std::atoi(slurm_cpus);
    if (n > 0) return n;
  }
  int ranks = std::max(1, computing_ranks_on_node);
  return std::max(1, static_cast<int>(hardware_cores) / ranks);
}

int computing_ranks_on_node(MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  MPI_Comm local;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
  int local_size = 1;
  MPI_Comm_size(local, &local_size);
  int has_coordinator = (rank == 0 && size > 1) ? 1 : 0, coordinators = 0;
  MPI_Allreduce(&has_coordinator, &coordinators, 1, MPI_INT, MPI_SUM, local);
  MPI_Comm_free(&local);
  return local_size - coordinators;
}

int apply_threads(int requested, MPI_Comm comm) {
  int n = choose_threads(requested, std::getenv("SLURM_CPUS_PER_TASK"), std::thread::hardware_concurrency(),
                         computing_ranks_on_node(comm));
  set_compute_threads(n);
  return n;
}

}  // namespace logsweep
