#!/usr/bin/env bash
# The README's second command (and CI's): build and run the whole test suite with ctest, then
# the torch-free unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
# Cores, read before OMP_NUM_THREADS=1 below: nproc obeys OMP_NUM_THREADS/OMP_THREAD_LIMIT, and
# with it set, the test runs and the sanitizer build below ran one job at a time.
cores=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
# CI builds with warnings as errors (the demo's build does not: scripts/setup.sh).
scripts/setup.sh build -DLOGSWEEP_WERROR=ON
# One libtorch thread per test process: ctest runs two at a time on 2 cores.
export OMP_NUM_THREADS=1
(cd build && ctest --output-on-failure -j"$cores" --timeout 600)

# Sanitizer pass over the modules without libtorch/MPI (readers, Drain, windows, synthetic
# corpus, metrics, utilities): the code that handles untrusted input.
san_targets=(test_util test_logs test_parsing test_windows test_synth test_metrics)
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
generator=()
if command -v ninja >/dev/null && [ ! -f build-asan/CMakeCache.txt ]; then generator=(-G Ninja); fi
cmake -S . -B build-asan "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DLOGSWEEP_SANITIZE=ON -DLOGSWEEP_BENCH=OFF -DLOGSWEEP_WERROR=ON "${launcher[@]}" >/dev/null
cmake --build build-asan -j"$cores" --target "${san_targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
label_regex=$(IFS='|'; echo "^(${san_targets[*]//test_/})\$")
(cd build-asan && ctest --output-on-failure -j"$cores" --timeout 600 -L "$label_regex")
