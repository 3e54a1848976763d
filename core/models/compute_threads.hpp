#pragma once
// How many threads one process computes with.
//
// Debian's libtorch does its GEMMs in OpenBLAS (pthreads build), whose pool ignores
// torch::set_num_threads and starts one thread per vCPU. With several ranks per node, or any
// other process on the cores, those extra BLAS threads spin-yield for a vCPU another rank holds
// (measured in BENCHMARKS.md: quick-size LogAction steps ~2x slower). So the one place that sets
// torch's thread count also sets OpenBLAS's, looked up at run time so that a build linked
// against MKL or another BLAS still links and runs.

namespace logsweep {

// torch::set_num_threads(n) and, when OpenBLAS is loaded, openblas_set_num_threads(n).
// Returns true when OpenBLAS was found and set.
bool set_compute_threads(int n);

}  // namespace logsweep
