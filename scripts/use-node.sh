# Sourced (not run) by scripts/demo.sh, scripts/test.sh and .ci/run right after scripts/setup.sh: when setup
# installed a private Node 20 (the machine has no Node >= 20.19), its bin folder is in $cache/path; put it first
# on PATH so everything after setup runs with it.
_oncall_cache="${ONCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oncall}"
if [ -s "$_oncall_cache/path" ]; then PATH="$(cat "$_oncall_cache/path"):$PATH"; export PATH; fi
unset _oncall_cache
