#!/usr/bin/env bash
# Prints the path of the Go toolchain scripts/k8s/build.sh should use: the newest of `go` on PATH and
# /usr/local/go/bin/go (the official tarball's place, often newer than Debian's golang-go), or $GO alone when set.
# Exits 1, saying why on stderr, when none is at least GO_MIN_VERSION (see common.sh).
#   bash scripts/k8s/find-go.sh          -> /usr/local/go/bin/go
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

version_of() { # "1.26.8" from `go version`, or nothing
  "$1" version 2>/dev/null | awk '{print $3}' | sed -n 's/^go\([0-9][0-9]*\.[0-9][0-9]*\(\.[0-9]*\)\{0,1\}\).*/\1/p'
}
at_least() { # at_least 1.26.8 1.26
  local a b
  IFS=. read -r a b _ <<<"$1.0.0"
  local ma mb
  IFS=. read -r ma mb _ <<<"$2.0.0"
  (( a > ma || (a == ma && b >= mb) ))
}

candidates=()
if [[ -n ${GO:-} ]]; then
  candidates=("$GO")
else
  p=$(command -v go 2>/dev/null) && candidates+=("$p")
  [[ -x /usr/local/go/bin/go ]] && candidates+=(/usr/local/go/bin/go)
fi

best="" best_version="" seen=()
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || { seen+=("$c (not found)"); continue; }
  v=$(version_of "$path")
  if [[ -z $v ]]; then seen+=("$path (no version)"); continue; fi
  seen+=("$path (go$v)")
  if [[ -z $best ]] || ! at_least "$best_version" "$v"; then best=$path best_version=$v; fi
done

if [[ -z $best ]]; then
  echo "no Go toolchain found (looked for ${GO:-go on PATH and /usr/local/go/bin/go}); Go >= $GO_MIN_VERSION is needed" >&2
  exit 1
fi
if ! at_least "$best_version" "$GO_MIN_VERSION"; then
  echo "Go >= $GO_MIN_VERSION is needed (the build uses GOTOOLCHAIN=local) but the newest found is go$best_version: ${seen[*]}" >&2
  exit 1
fi
echo "$best"
