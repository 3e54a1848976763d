// logsweep: the command line. Sub-commands live in cmd_*.cpp; this file dispatches, prints the
// top-level help and turns errors into "logsweep: error: ..." with exit status 2 (bad config or
// command line) or 1 (anything else).
#include <fmt/format.h>
#include <mpi.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cluster/prepare.hpp"
#include "core/util/errors.hpp"
#include "core/util/strings.hpp"
#include "runner/commands.hpp"

namespace logsweep {
namespace {

std::vector<SubCommand> commands() {
  return {generate_command(), prepare_command(), run_command(), status_command(), table_command(), plot_command(), label_command(), detect_command()};
}

std::string top_help() {
  std::string out =
      "logsweep " LOGSWEEP_VERSION " - batch cross-system log anomaly detection experiments\n\n"
      "usage: logsweep <command> [options]        (`logsweep <command> --help` for its options)\n"
      "       mpirun -np N logsweep run exp.yaml  (rank 0 coordinates, N-1 ranks run jobs)\n\ncommands:\n";
  for (const auto& c : commands()) out += fmt::format("  {:<10} {}\n", c.spec.name, c.spec.summary);
  out += "\nexit status: 0 ok, 1 error (or some jobs failed), 2 bad config/command line, 130 interrupted\n";
  return out;
}

bool mpi_active(int* rank, int* size) {
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  if (!init || fin) return false;
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  return true;
}

// An error only this process saw: with other ranks waiting on it, abort them all.
int fail(const std::string& text, int code) {
  int rank = 0, size = 1;
  bool mpi = mpi_active(&rank, &size);
  std::string where = mpi && size > 1 ? fmt::format(" (rank {})", rank) : "";
  std::fprintf(stderr, "logsweep: error%s: %s\n", where.c_str(), text.c_str());
  std::fflush(stderr);
  if (mpi && size > 1) MPI_Abort(MPI_COMM_WORLD, code);
  if (mpi) MPI_Finalize();
  return code;
}

int dispatch(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(top_help().c_str(), stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::puts("logsweep " LOGSWEEP_VERSION);
    return 0;
  }
  std::vector<std::string> names;
  for (const auto& c : commands()) {
    names.push_back(c.spec.name);
    if (c.spec.name != argv[1]) continue;
    cli::Args args = cli::parse(c.spec, argc, argv, 2);
    if (args.help) {
      std::fputs(cli::help(c.spec).c_str(), stdout);
      return 0;
    }
    return c.main(args, argc, argv);
  }
  throw ConfigError(fmt::format("unknown command '{}'; {}", argv[1], suggest(argv[1], names)));
}

}  // namespace
}  // namespace logsweep

int main(int argc, char** argv) {
  using namespace logsweep;
  try {
    return dispatch(argc, argv);
  } catch (const CollectiveExit& e) {  // every rank agreed: rank 0 prints, all finalize
    if (!e.message.empty()) std::fprintf(stderr, "logsweep: error: %s\n", e.message.c_str());
    int rank = 0, size = 1;
    if (mpi_active(&rank, &size)) MPI_Finalize();
    return e.code;
  } catch (const ConfigError& e) {
    return fail(e.what(), 2);
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
}
