#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (+ASan/UBSan) and runs each for a bounded time.
# Usage: bench/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET=60]
# Crashing inputs land in build-fuzz/crashes/; turn each into a regression test in tests/logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
# Seed corpus: the target writes one seed per log family (core/logs/log_families.cpp) into the
# corpus folder named by LOGSWEEP_FUZZ_SEEDS (LLVMFuzzerInitialize), before reading it.

srcs=$(ls core/util/*.cpp core/logs/*.cpp core/parsing/*.cpp)
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -I. $srcs bench/fuzz/reader_fuzz.cpp \
  -lfmt -o "$out/reader_fuzz"
LOGSWEEP_FUZZ_SEEDS="$out/corpus" "$out/reader_fuzz" -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$out/crashes/" \
  -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 25
