#!/usr/bin/env bash
# Starts a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler)
# plus kwok (fake nodes, pods become Running, pod logs served through the apiserver), all on 127.0.0.1
# with free ports, with its state in STATE_DIR:
#   STATE_DIR/kubeconfig   self-contained admin kubeconfig (client certificate in system:masters, embedded);
#                          the apiserver authorizes with Node,RBAC, so tokens of service accounts are limited
#   STATE_DIR/server       the apiserver URL (https://127.0.0.1:PORT)
#   STATE_DIR/ready        written last, when the cluster is ready
#   STATE_DIR/pod-logs/    CRI-format log files kwok serves as container logs (see seed.sh)
#   STATE_DIR/kwok/        kwokctl's work dir (component logs in kwok/clusters/oncall/logs, pids in .../pids)
# Usage: scripts/k8s/start.sh STATE_DIR [--nodes N] [--foreground]
#   default        returns once the cluster is ready; the components run on in the background.
#   --foreground   stays running as the cluster's supervisor until SIGTERM/SIGINT (or until its parent exits),
#                  then stops the cluster and exits. It is a child subreaper (prctl), so the components kwokctl
#                  detaches become its children and every one of them is reaped by it when stopped. Tests use
#                  this (in these sandboxes PID 1 reaps orphans only lazily: zombies were seen for seconds).
# Stop with scripts/k8s/stop.sh STATE_DIR (either mode). Needs the binaries from scripts/k8s/build.sh.
# Prints `server=URL` and `kubeconfig=PATH` when ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { echo "usage: $0 STATE_DIR [--nodes N] [--foreground]" >&2; exit 2; }
ARGS=("$@")
[[ $# -ge 1 ]] || usage
STATE=$1; shift
NODES=2
FOREGROUND=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --nodes) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || die "--nodes needs a number from 1 to 99"; NODES=$2; shift 2 ;;
    --foreground) FOREGROUND=1; shift ;;
    *) usage ;;
  esac
done

if (( FOREGROUND )) && [[ ${ONCALL_K8S_SUBREAPER:-} != "$$" ]]; then
  # Become a child subreaper (PR_SET_CHILD_SUBREAPER = 36; kept across exec) and re-run this script.
  case $(uname -m) in
    x86_64) nr_prctl=157 ;;
    aarch64|arm64) nr_prctl=167 ;;
    *) die "--foreground: no prctl syscall number known for $(uname -m)" ;;
  esac
  export ONCALL_K8S_SUBREAPER=$$
  exec perl -e 'my $nr = shift; syscall($nr, 36, 1, 0, 0, 0) == 0 or die "prctl(PR_SET_CHILD_SUBREAPER): $!\n"; exec { $ARGV[0] } @ARGV or die "exec: $!\n"' \
    "$nr_prctl" bash "${BASH_SOURCE[0]}" "${ARGS[@]}"
fi
unset ONCALL_K8S_SUBREAPER

for b in "${K8S_BINARIES[@]}"; do
  [[ -x $K8S_BIN_DIR/$b ]] || die "missing $K8S_BIN_DIR/$b: run scripts/k8s/build.sh first (tens of minutes cold)"
done
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
# The path goes into YAML and command lines: keep it to plain characters.
[[ $STATE =~ ^[A-Za-z0-9._/-]+$ ]] || die "state dir path must contain only letters, digits and . _ / - (got: $STATE)"
[[ -e $STATE/kwok/clusters/oncall ]] && die "a cluster already exists in $STATE (stop it with scripts/k8s/stop.sh $STATE)"
rm -f "$STATE/ready" "$STATE/supervisor.pid"

# In the foreground, a failed start stops whatever it started (and reaps it) before exiting.
ready=0
if (( FOREGROUND )); then
  echo $$ > "$STATE/supervisor.pid"
  trap 'rc=$?; if (( ready == 0 )); then ONCALL_K8S_DIRECT_STOP=1 bash "$K8S_DIR/stop.sh" "$STATE" >&2 || true; rm -f "$STATE/supervisor.pid"; fi; exit $rc' EXIT
fi

export PATH="$K8S_BIN_DIR:$PATH"      # kwokctl runs kubectl
export KWOK_WORKDIR="$STATE/kwok"
unset KUBECONFIG
CLUSTER_DIR="$KWOK_WORKDIR/clusters/oncall"
t0=$(date +%s.%N)

# Six distinct free loopback ports from the kernel (kwokctl's own picker counts down from 32767, so two
# clusters started at once would race for the same ports).
mapfile -t PORTS < <(node -e '
  const net = require("node:net");
  const servers = [];
  let n = 0;
  for (let i = 0; i < 6; i++) {
    const s = net.createServer();
    servers.push(s);
    s.listen(0, "127.0.0.1", () => {
      if (++n === 6) { for (const x of servers) console.log(x.address().port); for (const x of servers) x.close(); }
    });
  }') || die "could not allocate free ports (node on PATH?)"
(( ${#PORTS[@]} == 6 )) || die "could not allocate 6 free ports"

mkdir -p "$STATE/pod-logs" "$KWOK_WORKDIR"
for f in llm-inference-server llm-inference-sidecar llm-gateway default; do : >> "$STATE/pod-logs/$f.log"; done

cat > "$STATE/kwokctl.yaml" <<YAML
kind: KwokctlConfiguration
apiVersion: config.kwok.x-k8s.io/v1alpha1
options:
  runtime: binary
  bindAddress: 127.0.0.1
  securePort: true
  kubeAuthorization: true          # --authorization-mode=Node,RBAC (the admin certificate is in system:masters)
  kubeApiserverPort: ${PORTS[0]}
  etcdPort: ${PORTS[1]}
  etcdPeerPort: ${PORTS[2]}
  kubeControllerManagerPort: ${PORTS[3]}
  kubeSchedulerPort: ${PORTS[4]}
  kwokControllerPort: ${PORTS[5]}
  kubeApiserverBinary: "$K8S_BIN_DIR/kube-apiserver"
  kubeControllerManagerBinary: "$K8S_BIN_DIR/kube-controller-manager"
  kubeSchedulerBinary: "$K8S_BIN_DIR/kube-scheduler"
  kwokControllerBinary: "$K8S_BIN_DIR/kwok"
  etcdBinary: "$K8S_BIN_DIR/etcd"
  kubectlBinary: "$K8S_BIN_DIR/kubectl"
---
kind: ClusterLogs
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: ai-logs
spec:
  selector:
    matchNamespaces: [ai]
  logs:
  - containers: [server]
    logsFile: "$STATE/pod-logs/llm-inference-server.log"
  - containers: [metrics-exporter]
    logsFile: "$STATE/pod-logs/llm-inference-sidecar.log"
  - containers: [gateway]
    logsFile: "$STATE/pod-logs/llm-gateway.log"
  - logsFile: "$STATE/pod-logs/default.log"
---
kind: ClusterLogs
apiVersion: kwok.x-k8s.io/v1alpha1
metadata:
  name: default-logs
spec:
  selector: {}
  logs:
  - logsFile: "$STATE/pod-logs/default.log"
YAML

log "creating cluster in $STATE (kubernetes $K8S_VERSION, apiserver on 127.0.0.1:${PORTS[0]})"
if ! kwokctl --name oncall --config "$STATE/kwokctl.yaml" create cluster \
      --kubeconfig "$STATE/kwok/kubeconfig.merged" --wait 3m --timeout 5m > "$STATE/kwokctl-create.log" 2>&1; then
  cat "$STATE/kwokctl-create.log" >&2
  for f in "$CLUSTER_DIR"/logs/*.log; do [[ -f $f ]] && { echo "--- $f (last 15 lines)" >&2; tail -n 15 "$f" >&2; }; done
  die "kwokctl create cluster failed (state left in $STATE; stop it with scripts/k8s/stop.sh $STATE)"
fi

# Every component kwokctl started must still be running (it does not notice one that exits at once).
check_components() {
  local f p name bad=0
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f $f ]] || continue
    p=$(tr -dc 0-9 < "$f"); name=$(basename "$f" .pid)
    if [[ -z $p || ! -d /proc/$p ]] || grep -q '^State:[[:space:]]*Z' "/proc/$p/status" 2>/dev/null; then
      bad=1
      echo "--- $name exited; last lines of $CLUSTER_DIR/logs/$name.log:" >&2
      tail -n 15 "$CLUSTER_DIR/logs/$name.log" >&2 2>/dev/null || true
    fi
  done
  return $bad
}
sleep 1
check_components || die "a control-plane component exited right after start (its log is above)"

# A self-contained kubeconfig (certificates embedded, no paths into kwok's work dir).
kubectl --kubeconfig "$CLUSTER_DIR/kubeconfig.yaml" config view --raw --flatten --minify > "$STATE/kubeconfig.tmp"
mv "$STATE/kubeconfig.tmp" "$STATE/kubeconfig"
chmod 600 "$STATE/kubeconfig"
SERVER=$(kubectl --kubeconfig "$STATE/kubeconfig" config view -o 'jsonpath={.clusters[0].cluster.server}')
echo "$SERVER" > "$STATE/server"
[[ $SERVER == https://127.0.0.1:* ]] || die "unexpected apiserver address '$SERVER' (expected https://127.0.0.1:PORT)"

K() { kubectl --kubeconfig "$STATE/kubeconfig" "$@"; }
kwokctl --name oncall scale node --replicas "$NODES" > "$STATE/kwokctl-scale.log" 2>&1 \
  || { cat "$STATE/kwokctl-scale.log" >&2; die "kwokctl scale node failed"; }
K wait --for=condition=Ready node --all --timeout=120s > /dev/null || die "fake nodes did not become Ready"
# Pods only get created once the default service account exists (kube-controller-manager makes it).
for _ in $(seq 1 120); do K -n default get serviceaccount default > /dev/null 2>&1 && break; sleep 0.5; done
K -n default get serviceaccount default > /dev/null 2>&1 || { check_components || true; die "kube-controller-manager did not create the default service account"; }

log "cluster ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: $NODES fake node(s)"
echo "server=$SERVER"
echo "kubeconfig=$STATE/kubeconfig"
echo "$SERVER" > "$STATE/ready"
ready=1
(( FOREGROUND )) || exit 0

# --- supervisor -----------------------------------------------------------------------------------------
# Wait for SIGTERM/SIGINT or for the parent to go away, then stop the cluster; bash reaps the components
# (they are our children now) as they exit.
trap - EXIT
stop_requested=0
trap 'stop_requested=1; [[ -n ${sleeper:-} ]] && kill "$sleeper" 2>/dev/null' TERM INT HUP
parent=$PPID
log "supervising (pid $$); stop with: kill -TERM $$  or  scripts/k8s/stop.sh $STATE"
while (( stop_requested == 0 )); do
  sleep 1 & sleeper=$!
  wait "$sleeper" 2>/dev/null || true
  sleeper=
  if [[ "$(ps -o ppid= -p $$ | tr -d ' ')" != "$parent" ]]; then log "parent $parent exited"; break; fi
done
log "stopping"
pids=()
for f in "$CLUSTER_DIR"/pids/*.pid; do [[ -f $f ]] && pids+=("$(tr -dc 0-9 < "$f")"); done
ONCALL_K8S_DIRECT_STOP=1 bash "$K8S_DIR/stop.sh" "$STATE" || true
# The components were our children: wait until each one is reaped (bash collects them as they exit).
for p in "${pids[@]}"; do
  for _ in $(seq 1 50); do [[ -e /proc/$p ]] || break; sleep 0.1; done
  [[ -e /proc/$p ]] && log "process $p not reaped"
done
rm -f "$STATE/supervisor.pid" "$STATE/ready"
log "supervisor done"
