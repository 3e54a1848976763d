#!/usr/bin/env bash
# Installs the Debian packages logsweep needs (only the missing ones) and builds it.
# Usage: [LOGSWEEP_TARGETS="logsweep ..."] scripts/setup.sh [BUILD_DIR] [extra cmake args...]
#   LOGSWEEP_TARGETS: build only these targets (default: everything).
set -euo pipefail
cd "$(dirname "$0")/.."

# libopenblas0-pthread matters: without it Debian's libtorch falls back to the reference BLAS
# and LSTM training runs ~50x slower.
packages=(build-essential cmake libtorch-dev libopenmpi-dev openmpi-bin libhdf5-dev hdf5-tools
          libyaml-cpp-dev libfmt-dev libgtest-dev libbenchmark-dev libopenblas0-pthread librsvg2-bin ccache ninja-build)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir=${1:-build}
shift || true
jobs=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)  # nproc obeys OMP_NUM_THREADS, often 1 on clusters
# ccache with the checkout as base dir: paths inside it are hashed relative, so a clone in
# another folder (CI's fresh clone) reuses the objects of this one.
launcher=()
# The torch-heavy targets use a precompiled header (CMakeLists.txt, LOGSWEEP_PCH); ccache caches
# their objects only with this sloppiness (ccache manual, "Precompiled headers").
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:+$CCACHE_SLOPPINESS,}pch_defines,time_macros,include_file_mtime,include_file_ctime"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# Warnings stay warnings here (a newer compiler's new warning must not break a user's build);
# scripts/test.sh (CI) passes -DLOGSWEEP_WERROR=ON, which comes later and wins.
# Ninja starts a target's compiles before the libraries it links are archived, which keeps both
# cores busy; a build folder configured earlier keeps its generator (CMake refuses to switch).
generator=()
if command -v ninja >/dev/null && [ ! -f "$build_dir/CMakeCache.txt" ]; then generator=(-G Ninja); fi
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DLOGSWEEP_WERROR=OFF "${launcher[@]}" "$@" >/dev/null
targets=()
for t in ${LOGSWEEP_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j"$jobs" "${targets[@]}"
