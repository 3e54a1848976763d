#!/usr/bin/env bash
# The README's first command: install what is missing, build, generate the synthetic corpus and
# run the default experiment; ends with the results table on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
LOGSWEEP_TARGETS=logsweep scripts/setup.sh build  # the CLI only: tests and benchmarks are not needed here
ranks=${LOGSWEEP_RANKS:-3}  # rank 0 coordinates, two workers use the two cores
./build/logsweep generate --out demo/data --lines 6000
mpirun_args=(--allow-run-as-root --oversubscribe --bind-to none -np "$ranks")
# Ctrl-C reaches the ranks through mpirun, which SIGKILLs them odls_base_sigkill_timeout seconds
# after its SIGTERM (Open MPI default 1 s): 7 s hold logsweep's default --grace 5 plus storing and
# consolidating (cluster/launcher.hpp). Ctrl-C shows its effect after that many seconds.
export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-7}
mpirun "${mpirun_args[@]}" ./build/logsweep run experiments/configs/demo.yaml
