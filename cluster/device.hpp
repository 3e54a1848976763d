#pragma once
// Which device each rank computes on: the config's `device` (or `run --device`) applied on every
// rank to that rank's node (its GPUs, its node-local rank) by choose_device
// (core/util/device.hpp), and gathered on rank 0 for the run header.
#include <string>
#include <vector>

#include <mpi.h>

#include "cluster/config/config.hpp"

namespace logsweep {

struct RankDevices {
  std::string mine;              // this rank's device: "cpu" or "cuda:K"
  std::vector<std::string> all;  // on rank 0: every rank's, by rank; empty elsewhere
};

// Collective. The node-local rank is the launcher's (OMPI_COMM_WORLD_LOCAL_RANK, SLURM_LOCALID),
// else this rank's place among the ranks on its node (MPI_COMM_TYPE_SHARED). A request a rank
// cannot meet is a ConfigError on that rank, agreed by all as a CollectiveExit (collectively()).
RankDevices choose_rank_devices(const ExperimentConfig& cfg, MPI_Comm comm);

// For the run header, from every rank's device by rank (rank 0 coordinates when there are
// several and is not listed): "device cpu" when every job-running rank has the same one, else
// "devices: rank 1 cuda:0, rank 2 cuda:1".
std::string describe_devices(const std::vector<std::string>& by_rank);

}  // namespace logsweep
