#pragma once
// Which device a process computes on: the `device` setting (YAML `device:`, `run --device`) and
// the choice per rank. Pure and torch-free (core/util is built under ASan without libtorch);
// what this libtorch and this node offer is asked by core/models/device.hpp and passed in.
//
//   auto     CUDA when this libtorch has it and a GPU is visible, else the CPU
//   cpu      the CPU
//   cuda     a GPU; with several visible on a node, each worker its own (below)
//   cuda:N   GPU N (as numbered after CUDA_VISIBLE_DEVICES) for every rank that runs jobs
//
// GPU per rank for `auto`/`cuda`: a process alone (one rank) takes GPU 0; a worker takes GPU
// (local rank - 1) mod (visible GPUs), the node-local rank as the launcher numbers it
// (OMPI_COMM_WORLD_LOCAL_RANK, SLURM_LOCALID). On the first node local rank 0 is rank 0, which
// coordinates and runs no job, so its workers 1..G take GPUs 0..G-1; on other nodes local rank 0
// is a worker and takes GPU G-1. The coordinator computes nothing and stays on the CPU.
#include <optional>
#include <string>

#include "core/util/errors.hpp"

namespace logsweep {

struct DeviceRequest {
  enum class Kind { Auto, Cpu, Cuda, CudaIndex };
  Kind kind = Kind::Auto;
  int index = 0;  // CudaIndex: N of "cuda:N"
  bool operator==(const DeviceRequest& o) const { return kind == o.kind && index == o.index; }
};

// "auto", "cpu", "cuda", "cuda:N" (N a non-negative integer). Anything else is a ConfigError at
// `where` whose text starts with `what` ("'device'", "option --device") and names the nearest
// valid value.
DeviceRequest parse_device(const std::string& text, const std::string& what, const Location& where = {});
// The request as written ("cuda:1").
std::string device_text(const DeviceRequest& r);

// What the linked libtorch can do on this node.
struct CudaSupport {
  bool compiled = false;  // libtorch was built with CUDA
  int visible = 0;        // GPUs this process sees (after CUDA_VISIBLE_DEVICES)
};

// The part a process plays in a run (cluster/scheduler.hpp): the only rank, the coordinator
// (rank 0 of several: hands out jobs, runs none) or a worker (runs jobs).
enum class RankRole { Alone, Coordinator, Worker };

// The node-local rank the launcher gives this process: OMPI_COMM_WORLD_LOCAL_RANK (Open MPI's
// mpirun), else SLURM_LOCALID (srun); nullopt when neither is a non-negative integer. Either
// pointer may be null (unset).
std::optional<int> local_rank_from_env(const char* ompi_local_rank, const char* slurm_localid);

// The device this process computes on: "cpu" or "cuda:K". Throws ConfigError (at `where`) when
// the request cannot be met: `cuda`/`cuda:N` with a libtorch built without CUDA (the text points
// to the README section "Running on GPUs"), with no GPU visible, or `cuda:N` with N >= visible.
// The coordinator gets "cpu" without a check of the node's GPUs (it may run on a node without
// any), but a libtorch without CUDA is refused there too, so that every rank agrees.
// `local_rank`: see local_rank_from_env; a worker without one takes GPU 0.
std::string choose_device(const DeviceRequest& request, const CudaSupport& cuda, std::optional<int> local_rank,
                          RankRole role, const Location& where = {});

// The error text for `cuda` asked of a libtorch built without CUDA.
extern const char* const kNoCudaInThisLibtorch;

}  // namespace logsweep
