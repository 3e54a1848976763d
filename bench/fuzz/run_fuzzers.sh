#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (+ASan/UBSan) and runs each for a bounded time.
# Usage: bench/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET=60]
# Crashing inputs land in build-fuzz/crashes/; turn each into a regression test in tests/logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
# Seed corpus: the first lines of each real sample, prefixed by the byte that selects its reader.
i=0
for f in bgl:BGL/BGL_2k.log thunderbird:Thunderbird/Thunderbird_2k.log zookeeper:Zookeeper/Zookeeper_2k.log \
         hdfs:HDFS/HDFS_2k.log openstack:OpenStack/OpenStack_2k.log; do
  sel=$(( $(printf '%s' "bgl thunderbird spirit zookeeper hdfs openstack generic" | tr ' ' '\n' | grep -n "^${f%%:*}$" | cut -d: -f1) - 1 ))
  src=../shared/data/${f#*:}
  [ -f "$src" ] || continue
  { printf "\\x$(printf %02x $sel)"; head -n 20 "$src"; } > "$out/corpus/seed$i"
  i=$((i + 1))
done
{ printf '\x06'; echo '<Date> <Time> <Level>: <Content>'; echo '2024-01-01 10:00:00 ERROR: disk failed'; } > "$out/corpus/generic"

srcs=$(ls core/util/*.cpp core/logs/*.cpp core/parsing/*.cpp)
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -I. $srcs bench/fuzz/reader_fuzz.cpp \
  -lfmt -o "$out/reader_fuzz"
"$out/reader_fuzz" -max_total_time="$seconds" -max_len=4096 -artifact_prefix="$out/crashes/" \
  -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 25
