#!/usr/bin/env bash
# Stops the cluster started by scripts/k8s/start.sh STATE_DIR. With a --foreground supervisor running, asks it
# (SIGTERM) and waits for it: it stops the components and reaps them. Otherwise runs `kwokctl delete cluster`
# and makes sure every component process is gone (SIGTERM, SIGKILL after 5 s); their exit status is then
# collected by PID 1 (lazily in these sandboxes). Leaves STATE_DIR itself (the caller owns it).
# Safe to run twice, and on a half-started cluster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ $# -eq 1 ]] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[[ -d $1 ]] || { log "nothing to stop: $1 does not exist"; exit 0; }
STATE=$(cd "$1" && pwd)
export KWOK_WORKDIR="$STATE/kwok"
export PATH="$K8S_BIN_DIR:$PATH"
CLUSTER_DIR="$KWOK_WORKDIR/clusters/oncall"

if [[ -z ${ONCALL_K8S_DIRECT_STOP:-} && -f $STATE/supervisor.pid ]]; then
  sp=$(tr -dc 0-9 < "$STATE/supervisor.pid")
  if [[ -n $sp && -r /proc/$sp/cmdline ]] && tr '\0' '\n' < "/proc/$sp/cmdline" | grep -qx -- '--foreground'; then
    kill -TERM "$sp" 2>/dev/null || true
    for _ in $(seq 1 600); do [[ -e /proc/$sp ]] || break; grep -q '^State:[[:space:]]*Z' "/proc/$sp/status" 2>/dev/null && break; sleep 0.1; done
    [[ -e /proc/$sp ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$sp/status" 2>/dev/null && log "supervisor $sp did not exit within 60 s; stopping directly"
  fi
fi
[[ -d $CLUSTER_DIR ]] || { log "stopped"; exit 0; }

# Remember the component PIDs before kwokctl removes its pid files.
pids=()
for f in "$CLUSTER_DIR"/pids/*.pid; do
  [[ -f $f ]] || continue
  p=$(tr -dc 0-9 < "$f")
  [[ -n $p ]] && pids+=("$p")
done

# Only signal a PID that is still one of this cluster's components (kwokctl runs them from symlinks in
# CLUSTER_DIR/bin; a PID may have been reused).
ours() { [[ -r /proc/$1/cmdline ]] && [[ "$(tr '\0' ' ' < "/proc/$1/cmdline")" == "$CLUSTER_DIR/bin/"* ]]; }
alive() { [[ -d /proc/$1 ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

if [[ -d $CLUSTER_DIR ]]; then
  kwokctl --name oncall delete cluster > "$STATE/kwokctl-delete.log" 2>&1 \
    || log "kwokctl delete cluster failed (see $STATE/kwokctl-delete.log); stopping the processes directly"
fi

for p in "${pids[@]}"; do ours "$p" && kill -TERM "$p" 2>/dev/null || true; done
for _ in $(seq 1 50); do
  left=0
  for p in "${pids[@]}"; do alive "$p" && ours "$p" && left=1; done
  (( left == 0 )) && break
  sleep 0.1
done
for p in "${pids[@]}"; do
  if alive "$p" && ours "$p"; then log "killing $p (still running after 5 s)"; kill -KILL "$p" 2>/dev/null || true; fi
done
for p in "${pids[@]}"; do
  for _ in $(seq 1 20); do alive "$p" || break; sleep 0.1; done
  alive "$p" && ours "$p" && die "process $p did not exit"
done
rm -rf "$CLUSTER_DIR"
log "stopped (${#pids[@]} processes)"
