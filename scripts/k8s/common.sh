# Shared by the scripts in scripts/k8s (sourced, not run). Sets versions and the cache locations.
K8S_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_k8s_override_k8s=${K8S_VERSION:-}
_k8s_override_etcd=${ETCD_VERSION:-}
_k8s_override_kwok=${KWOK_VERSION:-}
# shellcheck source=versions.env
source "$K8S_DIR/versions.env"
K8S_VERSION=${_k8s_override_k8s:-$K8S_VERSION}
ETCD_VERSION=${_k8s_override_etcd:-$ETCD_VERSION}
KWOK_VERSION=${_k8s_override_kwok:-$KWOK_VERSION}
ETCD_VERSION=${ETCD_VERSION#v}
KWOK_VERSION=${KWOK_VERSION#v}
ONCALL_CACHE=${ONCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oncall}   # as scripts/setup.sh
K8S_KEY="k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}-kwok-${KWOK_VERSION}"
K8S_BIN_DIR=${K8S_BIN_DIR:-$ONCALL_CACHE/$K8S_KEY/bin}
K8S_BINARIES=(kwok kwokctl etcd kubectl kube-scheduler kube-controller-manager kube-apiserver)
# The oldest Go that builds them: build.sh runs with GOTOOLCHAIN=local (no toolchain downloads), and the go.mod of
# etcd 3.6.17 and of kwok 0.8.0 say `go 1.26.0` (Kubernetes 1.34 alone would need 1.24). Raise it with the versions.
GO_MIN_VERSION=${GO_MIN_VERSION:-1.26}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Prints the version string a cached binary reports, or nothing.
binary_version() {
  local name=$1 bin="$K8S_BIN_DIR/$1"
  [[ -x $bin ]] || return 0
  case $name in
    kube-apiserver|kube-controller-manager|kube-scheduler) "$bin" --version 2>/dev/null | awk '{print $2}' ;;
    kubectl) "$bin" version --client 2>/dev/null | awk '/^Client Version:/ {print $3}' ;;
    etcd) "$bin" --version 2>/dev/null | awk '/^etcd Version:/ {print $3}' ;;
    kwok|kwokctl) go version -m "$bin" 2>/dev/null | awk '$1 == "mod" && $2 == "sigs.k8s.io/kwok" {print $3}' ;;
  esac
}

expected_version() {
  case $1 in
    kube-apiserver|kube-controller-manager|kube-scheduler|kubectl) echo "$K8S_VERSION" ;;
    etcd) echo "$ETCD_VERSION" ;;
    kwok|kwokctl) echo "v$KWOK_VERSION" ;;
  esac
}

binary_ok() { [[ "$(binary_version "$1")" == "$(expected_version "$1")" ]]; }
