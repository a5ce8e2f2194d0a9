#!/usr/bin/env bash
# Seeds a cluster started by scripts/k8s/start.sh STATE_DIR with the AI-serving workloads tests and the demo use:
#   namespace ai
#   deployment llm-inference (app=llm-inference, 2 replicas, containers `server` + `metrics-exporter`),
#     rolled out twice: registry.local/llm-inference:1.0 (revision 1) then :1.1 (revision 2)
#   deployment llm-gateway (app=llm-gateway, env FALLBACK_ENABLED=false CACHE_ENABLED=false DEFAULT_MODEL=gpt-4o
#     TRACE_SAMPLE_RATE=0.1)
#   configmap llm-quotas (max_tokens_per_request: "32768", rpm_limit: "600")
#   CRI-format container logs in STATE_DIR/pod-logs (GPU out-of-memory lines for llm-inference `server`)
# Waits until every pod in `ai` is Running. Usage: scripts/k8s/seed.sh STATE_DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[[ $# -eq 1 ]] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
STATE=$(cd "$1" && pwd)
[[ -f $STATE/kubeconfig ]] || die "no kubeconfig in $STATE: start the cluster with scripts/k8s/start.sh $STATE first"
K() { "$K8S_BIN_DIR/kubectl" --kubeconfig "$STATE/kubeconfig" "$@"; }
t0=$SECONDS
mkdir -p "$STATE/pod-logs"

# --- container logs (kwok serves these files through GET pods/NAME/log) -----------------------------
cat > "$STATE/pod-logs/llm-inference-server.log" <<'LOG'
2024-05-01T10:00:00.000000000Z stdout F INFO 05-01 10:00:00 api_server.py:212] vLLM API server version 0.4.1 starting
2024-05-01T10:00:01.000000000Z stdout F INFO 05-01 10:00:01 llm_engine.py:98] Initializing an LLM engine with config: model='meta-llama/Meta-Llama-3-70B-Instruct', tensor_parallel_size=2, max_model_len=32768, gpu_memory_utilization=0.95
2024-05-01T10:00:09.000000000Z stdout F INFO 05-01 10:00:09 model_runner.py:173] Loading model weights took 65.7 GiB
2024-05-01T10:00:12.000000000Z stdout F INFO 05-01 10:00:12 gpu_executor.py:83] # GPU blocks: 1412, # CPU blocks: 819
2024-05-01T10:00:13.000000000Z stdout F INFO 05-01 10:00:13 api_server.py:260] Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)
2024-05-01T10:05:41.000000000Z stdout F INFO 05-01 10:05:41 metrics.py:229] Avg prompt throughput: 2874.2 tokens/s, Avg generation throughput: 911.5 tokens/s, Running: 61 reqs, Swapped: 0 reqs, Pending: 3 reqs, GPU KV cache usage: 93.8%
2024-05-01T10:06:02.000000000Z stderr F WARNING 05-01 10:06:02 scheduler.py:1089] Sequence group 4f1c2 is preempted by PreemptionMode.RECOMPUTE mode because there is not enough KV cache space. total_num_cumulative_preemption=12
2024-05-01T10:06:17.000000000Z stderr F ERROR 05-01 10:06:17 async_llm_engine.py:499] Engine background task failed
2024-05-01T10:06:17.000000000Z stderr F torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.12 GiB is free. Of the allocated memory 76.41 GiB is allocated by PyTorch.
2024-05-01T10:06:17.000000000Z stderr F RuntimeError: CUDA error: out of memory (request_id=cmpl-8a41f0 prompt_tokens=31877 max_tokens=4096)
2024-05-01T10:06:18.000000000Z stderr F WARNING 05-01 10:06:18 nccl_utils.py:55] NCCL watchdog: rank 1 collective operation timed out after 60000 ms
2024-05-01T10:06:20.000000000Z stdout F INFO 05-01 10:06:20 metrics.py:229] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 0.0 tokens/s, Running: 0 reqs, Swapped: 0 reqs, Pending: 118 reqs, GPU KV cache usage: 99.6%
2024-05-01T10:06:31.000000000Z stderr F ERROR 05-01 10:06:31 api_server.py:118] 503 Service Unavailable: engine is not healthy (CUDA out of memory)
LOG
cat > "$STATE/pod-logs/llm-inference-sidecar.log" <<'LOG'
2024-05-01T10:00:00.000000000Z stdout F level=info msg="dcgm metrics exporter listening" addr=:9400
2024-05-01T10:06:15.000000000Z stdout F level=warn msg="GPU memory near limit" gpu=0 fb_used_mib=80312 fb_total_mib=81559
2024-05-01T10:06:16.000000000Z stdout F level=warn msg="GPU memory near limit" gpu=1 fb_used_mib=80177 fb_total_mib=81559
LOG
cat > "$STATE/pod-logs/llm-gateway.log" <<'LOG'
2024-05-01T10:00:02.000000000Z stdout F {"level":"info","msg":"gateway started","default_model":"gpt-4o","fallback_enabled":false,"cache_enabled":false}
2024-05-01T10:06:19.000000000Z stdout F {"level":"error","msg":"upstream error","upstream":"llm-inference","status":503,"model":"llama-3-70b","latency_ms":30012}
2024-05-01T10:06:25.000000000Z stdout F {"level":"warn","msg":"rate limited","tenant":"search","status":429,"rpm_limit":600}
2024-05-01T10:06:31.000000000Z stdout F {"level":"error","msg":"no fallback configured","model":"llama-3-70b","fallback_enabled":false}
LOG
[[ -s $STATE/pod-logs/default.log ]] || echo '2024-05-01T10:00:00.000000000Z stdout F started' > "$STATE/pod-logs/default.log"

# --- objects ----------------------------------------------------------------------------------------------
inference() { # image, change-cause
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-inference
  namespace: ai
  labels: {app: llm-inference, team: ml-platform}
  annotations:
    kubernetes.io/change-cause: "$2"
spec:
  replicas: 2
  revisionHistoryLimit: 10
  selector:
    matchLabels: {app: llm-inference}
  template:
    metadata:
      labels: {app: llm-inference, model: llama-3-70b}
    spec:
      containers:
      - name: server
        image: $1
        args: ["--model", "meta-llama/Meta-Llama-3-70B-Instruct", "--tensor-parallel-size", "2"]
        ports: [{name: http, containerPort: 8000}]
        resources:
          requests: {cpu: "4", memory: 32Gi}
          limits: {memory: 64Gi}
      - name: metrics-exporter
        image: registry.local/dcgm-exporter:3.3.5
        ports: [{name: metrics, containerPort: 9400}]
YAML
}

log "seeding namespace ai"
K apply -f - > /dev/null <<'YAML' || die "kubectl apply of namespace/configmap/gateway failed"
apiVersion: v1
kind: Namespace
metadata:
  name: ai
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: llm-quotas
  namespace: ai
data:
  max_tokens_per_request: "32768"
  rpm_limit: "600"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm-gateway
  namespace: ai
  labels: {app: llm-gateway, team: ml-platform}
spec:
  replicas: 2
  selector:
    matchLabels: {app: llm-gateway}
  template:
    metadata:
      labels: {app: llm-gateway}
    spec:
      containers:
      - name: gateway
        image: registry.local/llm-gateway:2.3.0
        ports: [{name: http, containerPort: 8080}]
        env:
        - {name: FALLBACK_ENABLED, value: "false"}
        - {name: CACHE_ENABLED, value: "false"}
        - {name: DEFAULT_MODEL, value: "gpt-4o"}
        - {name: TRACE_SAMPLE_RATE, value: "0.1"}
YAML

inference registry.local/llm-inference:1.0 "deploy llm-inference 1.0" | K apply -f - > /dev/null || die "kubectl apply of llm-inference 1.0 failed"
K -n ai rollout status deployment/llm-inference --timeout=120s > /dev/null || die "llm-inference 1.0 did not roll out"
# One update changing both the image and the change-cause, so revision 2 gets its own cause.
inference registry.local/llm-inference:1.1 "upgrade llm-inference to 1.1" | K apply -f - > /dev/null || die "kubectl apply of llm-inference 1.1 failed"
K -n ai rollout status deployment/llm-inference --timeout=120s > /dev/null || die "llm-inference 1.1 did not roll out"
K -n ai rollout status deployment/llm-gateway --timeout=120s > /dev/null || die "llm-gateway did not roll out"

# Every pod Running (terminating pods of revision 1 gone).
for _ in $(seq 1 120); do
  phases=$(K -n ai get pods -o 'jsonpath={range .items[*]}{.status.phase}{" "}{.metadata.deletionTimestamp}{"\n"}{end}')
  total=$(grep -c . <<< "$phases" || true)
  running=$(grep -c '^Running $' <<< "$phases" || true)
  (( total == 4 && running == 4 )) && break
  sleep 0.5
done
(( total == 4 && running == 4 )) || { K -n ai get pods -o wide >&2; die "expected 4 Running pods in ai, got $running of $total"; }
revs=$(K -n ai get rs -l app=llm-inference -o 'jsonpath={range .items[*]}{.metadata.annotations.deployment\.kubernetes\.io/revision}{" "}{end}')
[[ $(tr ' ' '\n' <<< "$revs" | grep -c .) -eq 2 ]] || die "expected 2 llm-inference ReplicaSets with revisions, got: '$revs'"
log "seeded in $((SECONDS - t0))s: 4 pods Running, llm-inference revisions: $revs"
