#!/bin/bash
# logsweep on PBS Pro / Torque: copy, edit the #PBS lines and the paths, then `qsub pbs.sh`.
#
# Rank/thread arithmetic. select=N:ncpus=C:mpiprocs=R gives N nodes with R MPI ranks each;
# every rank uses THREADS = C / R torch threads (passed explicitly with --threads, because
# PBS, unlike Slurm, does not tell each rank its share). Rank 0 only coordinates and stores
# results, so there are N*R-1 job runners. Example below: 2 nodes x 8 ranks x 8 threads = 128
# cores. Keep R * THREADS <= C.
#
# Resume: the results file is written job by job and is kill-safe; resubmit the same script
# after a walltime kill and only missing jobs run.
#PBS -N logsweep
#PBS -l select=2:ncpus=64:mpiprocs=8
#PBS -l walltime=24:00:00
#PBS -j oe

set -euo pipefail
cd "$PBS_O_WORKDIR"
EXPERIMENT=${EXPERIMENT:-experiments/configs/paper_table3.yaml}
LOGSWEEP=${LOGSWEEP:-$PWD/build/logsweep}
RANKS_PER_NODE=8
THREADS=$((64 / RANKS_PER_NODE))
NODES=$(sort -u "$PBS_NODEFILE" | wc -l)
NP=$((NODES * RANKS_PER_NODE))

# --bind-to none: each rank runs THREADS torch threads, so binding a rank to one core would
# serialise them; OMP_NUM_THREADS keeps OpenMP-based BLAS inside the same budget.
MPIRUN="mpirun -np $NP --hostfile $PBS_NODEFILE --map-by ppr:${RANKS_PER_NODE}:node --bind-to none -x OMP_NUM_THREADS=$THREADS"

$MPIRUN "$LOGSWEEP" prepare "$EXPERIMENT" --threads "$THREADS"
# Exit status: 0 all stored, 1 some jobs failed or interrupted: after a signal (qdel, walltime)
# mpirun exits 1 whatever the ranks return; the log says "interrupted: ..." (resubmit to resume).
# mpirun hands its SIGTERM on to the ranks odls_base_sigkill_timeout seconds late (default 1)
# and SIGKILLs them as long after: logsweep consolidates at once and fits --grace into that
# window (cluster/launcher.hpp); PBS itself SIGKILLs the job kill_delay seconds after its SIGTERM.
status=0
$MPIRUN "$LOGSWEEP" run "$EXPERIMENT" --threads "$THREADS" || status=$?

# = `output:` of the YAML, seen from the submit directory (paper_table3.yaml: out/paper_table3/results.h5)
RESULTS=${RESULTS:-out/paper_table3/results.h5}
"$LOGSWEEP" status "$RESULTS" --config "$EXPERIMENT"
"$LOGSWEEP" table "$RESULTS" --config "$EXPERIMENT"
exit $status
