// logsweep prepare CONFIG: parse, embed and window every dataset into the cache, and describe them.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include "cluster/config/config.hpp"
#include "cluster/prepare.hpp"
#include "cluster/threads.hpp"
#include "core/models/compute_threads.hpp"
#include "runner/commands.hpp"

namespace logsweep {
namespace {

int prepare_main(const cli::Args& a, int argc, char** argv) {
  int requested = static_cast<int>(a.integer("--threads", 0, 1));
  MpiSession mpi(argc, argv);
  ExperimentConfig cfg;
  collectively(MPI_COMM_WORLD, [&] {
    cfg = load_config(a.positionals[0]);
    std::filesystem::create_directories(cfg.cache_dir);
  });
  // Every rank prepares datasets here, rank 0 included.
  int size = mpi.size();
  int threads = choose_threads(requested, std::getenv("SLURM_CPUS_PER_TASK"), std::thread::hardware_concurrency(),
                               size > 1 ? computing_ranks_on_node(MPI_COMM_WORLD) + 1 : 1);
  set_compute_threads(threads);
  Embedders embedders(cfg);
  auto infos = prepare_all(cfg, embedders, MPI_COMM_WORLD, false);
  if (mpi.rank() == 0) {
    std::printf("prepared %zu dataset(s) into %s:\n", infos.size(), cfg.cache_dir.c_str());
    for (const auto& i : infos) std::printf("  %s\n", i.summary.c_str());
  }
  return 0;
}

}  // namespace

SubCommand prepare_command() {
  return {{"prepare",
           {"CONFIG"},
           "parse, embed and window every dataset of a config into the cache (reusing unchanged stages)",
           "With mpirun, datasets are prepared in parallel (dataset i by rank i % N).",
           {{"--threads", "N", "torch threads per rank (default as for `run`)"}}},
          prepare_main};
}

}  // namespace logsweep
