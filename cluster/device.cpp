#include "cluster/device.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "cluster/prepare.hpp"
#include "core/models/device.hpp"

namespace logsweep {
namespace {

// This rank's place among the ranks on its node, ordered by rank (as launchers number them).
int node_local_rank(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm local;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &local);
  int local_rank = 0;
  MPI_Comm_rank(local, &local_rank);
  MPI_Comm_free(&local);
  return local_rank;
}

}  // namespace

RankDevices choose_rank_devices(const ExperimentConfig& cfg, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  const int mpi_local = node_local_rank(comm);  // collective: asked on every rank alike
  const auto env_local = local_rank_from_env(std::getenv("OMPI_COMM_WORLD_LOCAL_RANK"), std::getenv("SLURM_LOCALID"));
  const RankRole role = size == 1 ? RankRole::Alone : rank == 0 ? RankRole::Coordinator : RankRole::Worker;
  RankDevices out;
  collectively(comm, [&] {
    // `cpu` leaves CUDA alone: asking for the GPU count starts the CUDA runtime.
    const CudaSupport cuda = cfg.device.kind == DeviceRequest::Kind::Cpu ? CudaSupport{} : cuda_support();
    out.mine = choose_device(cfg.device, cuda, env_local.value_or(mpi_local), role, cfg.device_where);
  });
  out.all = gather_strings(comm, out.mine);
  return out;
}

std::string describe_devices(const std::vector<std::string>& by_rank) {
  if (by_rank.empty()) return "device cpu";
  // With several ranks, rank 0 only coordinates.
  const std::size_t first = by_rank.size() > 1 ? 1 : 0;
  if (std::all_of(by_rank.begin() + first, by_rank.end(), [&](const std::string& d) { return d == by_rank[first]; }))
    return "device " + by_rank[first];
  std::string out = "devices:";
  for (std::size_t r = first; r < by_rank.size(); ++r)
    out += fmt::format("{} rank {} {}", r == first ? "" : ",", r, by_rank[r]);
  return out;
}

}  // namespace logsweep
