#pragma once
// How many torch threads each rank uses.
//
// Precedence: --threads N, else SLURM_CPUS_PER_TASK (Slurm already gave each rank its cores),
// else the node's hardware cores divided by the ranks that compute on this node (with more than
// one rank, rank 0 only coordinates and does not count). Never below 1.
#include <mpi.h>

namespace logsweep {

// Pure arithmetic (tested): `slurm_cpus` may be null or empty.
int choose_threads(int requested, const char* slurm_cpus, unsigned hardware_cores, int computing_ranks_on_node);

// Ranks on this node that run jobs (MPI_Comm_split_type SHARED; rank 0 excluded when size > 1).
int computing_ranks_on_node(MPI_Comm comm);

// Applies choose_threads(...) through set_compute_threads (core/models/compute_threads.hpp)
// for this rank and returns the count.
int apply_threads(int requested, MPI_Comm comm);

}  // namespace logsweep
