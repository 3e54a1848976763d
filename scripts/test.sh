#!/usr/bin/env bash
# The README's second command (and CI's): build and run the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
# One libtorch thread per test process: ctest runs two at a time on 2 cores.
export OMP_NUM_THREADS=1
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600
