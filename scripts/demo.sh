#!/usr/bin/env bash
# The README's first command: install what is missing, build, generate the synthetic corpus and
# run the default experiment; writes the results table, the first_ratio sensitivity curve and the
# critical-difference diagram into demo/ and prints the table.
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

# The report: mean +- std (n seeds) per pair, LogAction's first_ratio sweep with 95% t intervals,
# and the Friedman/Nemenyi critical-difference diagram over the three pairs (docs/statistics.md).
ls=./build/logsweep
$ls table demo/results.h5 --config experiments/configs/demo.yaml --out demo/table.md
$ls table demo/results.h5 --config experiments/configs/demo.yaml --layout sensitivity --x first_ratio \
  --methods LogAction --out demo/sensitivity.md
$ls plot demo/results.h5 --config experiments/configs/demo.yaml --x first_ratio --band t --methods LogAction \
  --out demo/sensitivity.svg --title "LogAction: F1 vs first_ratio (2% labels)"
$ls plot demo/results.h5 --config experiments/configs/demo.yaml --kind cd --budget 0.02 --out demo/cd.svg
cat demo/table.md demo/sensitivity.md
echo "demo: table demo/table.md, sensitivity demo/sensitivity.md + demo/sensitivity.svg, critical difference demo/cd.svg"
