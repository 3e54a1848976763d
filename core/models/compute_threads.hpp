#pragma once
// How many threads one process computes with.
//
// Debian's libtorch does its GEMMs in OpenBLAS (pthreads build), whose pool ignores
// torch::set_num_threads. Two pools (torch's OpenMP one and OpenBLAS's) on the same cores make
// each other's workers spin for a core: measured on 2 cores (BENCHMARKS.md, "Threads"), a quick
// LogAction job took 44.5 s with torch 2 + OpenBLAS 2 threads against 15.5 s with 1 + 1, and a
// paper-size encoder step 12.9 s against 1.85 s with torch 1 + OpenBLAS 2. So with OpenBLAS
// loaded, the GEMMs (nearly all the FLOPs of the LSTM/GRU/Transformer steps) get the n threads
// and torch's element-wise ops stay on the calling thread. Without OpenBLAS (a build against
// MKL or another BLAS driven by torch's own pool), torch gets the n threads. Looked up at run
// time, so any BLAS links.

namespace logsweep {

// Gives this process n compute threads as described above. Returns true when OpenBLAS was found.
bool set_compute_threads(int n);

}  // namespace logsweep
