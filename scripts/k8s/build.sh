#!/usr/bin/env bash
# Builds a real Kubernetes control plane from Go modules (no GitHub downloads) and caches the binaries
# outside the checkout, keyed by version:
#   ${ONCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oncall}/k8s-vK8S-etcd-ETCD-kwok-KWOK/bin
#     kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl
# GOMODCACHE and GOCACHE live under ${ONCALL_CACHE}/go, so a second run costs seconds.
# Idempotent: a binary already cached with the right --version is not rebuilt.
# Gentle on a shared machine: one binary at a time, nice -n 10, GOFLAGS=-p=2.
# Cold: tens of minutes on 2 cores. Run it in the background:
#   nohup bash scripts/k8s/build.sh > /tmp/k8s-build.log 2>&1 &
# Versions come from scripts/k8s/versions.env (override with K8S_VERSION / ETCD_VERSION / KWOK_VERSION).
# Go: the newest of `go` on PATH and /usr/local/go/bin/go, or $GO; at least GO_MIN_VERSION (common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The newest Go of PATH and /usr/local/go/bin/go ($GO when set), at least GO_MIN_VERSION (see find-go.sh).
GO=$(bash "$K8S_DIR/find-go.sh") || die "no usable Go toolchain (see above)"
export PATH="$(dirname "$GO"):$PATH"

export GOMODCACHE="$ONCALL_CACHE/go/mod"
export GOCACHE="$ONCALL_CACHE/go/build"
export GOFLAGS="-p=${BUILD_PARALLELISM:-2} -buildvcs=false"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOWORK=off
WORK="$ONCALL_CACHE/$K8S_KEY/work"
mkdir -p "$K8S_BIN_DIR" "$GOMODCACHE" "$GOCACHE" "$WORK"

TIMINGS="$ONCALL_CACHE/$K8S_KEY/build-times.txt"
start_all=$SECONDS
current_step=""
trap 'rc=$?; if (( rc != 0 )); then printf "[%s] FAILED (exit %s) at step: %s\n" "$(date +%H:%M:%S)" "$rc" "${current_step:-setup}" >&2; fi' EXIT

log "Go: $("$GO" version)"
log "versions: kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok v$KWOK_VERSION"
log "cache: $K8S_BIN_DIR"

missing=()
for b in "${K8S_BINARIES[@]}"; do
  if binary_ok "$b"; then log "cached  $b $(expected_version "$b")"; else missing+=("$b"); fi
done
if (( ${#missing[@]} == 0 )); then
  log "all binaries cached and at the right version (${SECONDS}s)"
  exit 0
fi
log "to build: ${missing[*]}"

needs() { local x; for x in "${missing[@]}"; do [[ $x == "$1" ]] && return 0; done; return 1; }

# go build into a temporary name, then move into place (a half-written binary is never cached).
run_build() { # name, dir, then go build args (package last)
  local name=$1 dir=$2; shift 2
  current_step="go build $name (in $dir)"
  log "building $name ..."
  local t0=$SECONDS
  ( cd "$dir" && nice -n 10 "$GO" build -trimpath -o "$K8S_BIN_DIR/.$name.tmp" "$@" ) \
    || die "go build of $name failed (module dir $dir; see the compiler output above)"
  mv -f "$K8S_BIN_DIR/.$name.tmp" "$K8S_BIN_DIR/$name"
  local got; got=$(binary_version "$name")
  [[ $got == "$(expected_version "$name")" ]] || die "$name built but reports version '$got', expected '$(expected_version "$name")'"
  log "built   $name $got in $((SECONDS - t0))s ($(du -h "$K8S_BIN_DIR/$name" | cut -f1))"
  echo "$(date -u +%FT%TZ) $name $((SECONDS - t0))s" >> "$TIMINGS"
}

# --- kwok + kwokctl ---------------------------------------------------------------------------------
if needs kwok || needs kwokctl; then
  d="$WORK/kwok"; mkdir -p "$d"
  current_step="kwok wrapper module"
  if [[ ! -f $d/go.sum ]] || ! grep -q "sigs.k8s.io/kwok v$KWOK_VERSION" "$d/go.mod" 2>/dev/null; then
    log "resolving sigs.k8s.io/kwok@v$KWOK_VERSION"
    printf 'module oncall.local/kwokbuild\n\ngo 1.26.0\n' > "$d/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "sigs.k8s.io/kwok/cmd/kwok"\n\t_ "sigs.k8s.io/kwok/cmd/kwokctl"\n)\n' > "$d/tools.go"
    ( cd "$d" && "$GO" get "sigs.k8s.io/kwok@v$KWOK_VERSION" && "$GO" mod tidy ) || die "could not resolve sigs.k8s.io/kwok@v$KWOK_VERSION from the module proxy"
  fi
  needs kwok && run_build kwok "$d" sigs.k8s.io/kwok/cmd/kwok
  needs kwokctl && run_build kwokctl "$d" sigs.k8s.io/kwok/cmd/kwokctl
fi

# --- etcd (its go.mod has replace lines, so it cannot be `go install`ed: use a wrapper module) ------
if needs etcd; then
  d="$WORK/etcd"; mkdir -p "$d"
  current_step="etcd wrapper module"
  if [[ ! -f $d/go.sum ]] || ! grep -q "go.etcd.io/etcd/server/v3 v$ETCD_VERSION" "$d/go.mod" 2>/dev/null; then
    log "resolving go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
    printf 'module oncall.local/etcdbuild\n\ngo 1.26.0\n' > "$d/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > "$d/tools.go"
    ( cd "$d" && "$GO" get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" && "$GO" mod tidy ) || die "could not resolve go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  fi
  run_build etcd "$d" go.etcd.io/etcd/server/v3
fi

# --- Kubernetes ---------------------------------------------------------------------------------------
k8s_needed=()
for b in kubectl kube-scheduler kube-controller-manager kube-apiserver; do needs "$b" && k8s_needed+=("$b"); done
if (( ${#k8s_needed[@]} > 0 )); then
  d="$WORK/kubernetes"; mkdir -p "$d"
  current_step="download k8s.io/kubernetes@$K8S_VERSION go.mod"
  json=$(cd "$d" && "$GO" mod download -json "k8s.io/kubernetes@$K8S_VERSION" 2>&1) \
    || die "could not download k8s.io/kubernetes@$K8S_VERSION from the module proxy: $(sed -n 's/^[[:space:]]*"Error": //p' <<< "$json")"
  modfile=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<< "$json")
  [[ -f $modfile ]] || die "go mod download k8s.io/kubernetes@$K8S_VERSION gave no go.mod: $json"
  # Every `k8s.io/X => ./staging/...` replace in the served go.mod becomes `k8s.io/X => k8s.io/X v0.MINOR.PATCH`.
  staging_version="v0.${K8S_VERSION#v1.}"
  mapfile -t staging < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print $1}' "$modfile" | sort -u)
  (( ${#staging[@]} > 0 )) || die "no ./staging replace lines found in $modfile"
  log "k8s.io/kubernetes $K8S_VERSION: ${#staging[@]} staging modules -> $staging_version"
  current_step="kubernetes wrapper module"
  want="$(printf 'module oncall.local/k8sbuild\n\ngo 1.24.0\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$K8S_VERSION"
          for m in "${staging[@]}"; do printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"; done
          printf ')\n')"
  if [[ ! -f $d/go.sum || ! -f $d/.modhead ]] || [[ "$(cat "$d/.modhead")" != "$want" ]]; then
    log "resolving the kubernetes wrapper module (downloads a few hundred MB of modules on a cold cache)"
    printf '%s\n' "$want" > "$d/go.mod"
    printf '%s\n' "$want" > "$d/.modhead"
    rm -f "$d/go.sum"
    printf '//go:build tools\n\npackage tools\n\nimport (\n' > "$d/tools.go"
    for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$b" >> "$d/tools.go"; done
    printf ')\n' >> "$d/tools.go"
    ( cd "$d" && "$GO" mod tidy ) || { rm -f "$d/.modhead"; die "go mod tidy of the kubernetes wrapper module failed (is every k8s.io/X $staging_version on the proxy?)"; }
  fi
  minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  build_date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "${modfile%.mod}.info")
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=${build_date:-1970-01-01T00:00:00Z}"
  done
  for b in "${k8s_needed[@]}"; do
    run_build "$b" "$d" -tags=notest -ldflags "$ldflags" "k8s.io/kubernetes/cmd/$b"
  done
fi

current_step="final check"
for b in "${K8S_BINARIES[@]}"; do binary_ok "$b" || die "$b is not at version $(expected_version "$b") after the build"; done
log "done in ${SECONDS}s: all binaries in $K8S_BIN_DIR"
