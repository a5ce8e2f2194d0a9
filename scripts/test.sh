#!/usr/bin/env bash
# What `npm test` runs: setup (installs only what is missing), typecheck, lint, builds, the .vsix, then the unit,
# integration and e2e suites (unit first, so their failures show fast). Every step runs even when an earlier
# check failed, unless it cannot (no tests without a test build; no e2e without the .vsix).
# The last line is always `N passed, M failed`: test counts from node's test runner, plus one failure for each
# step that failed. Exit code 0 only when nothing failed.
#   ONCALL_SKIP_E2E=1   skip the real-VS-Code suite (quick local runs); says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

failed_steps=()
recap=()
step() { # step NAME COMMAND...: runs it, records the outcome
  local name="$1" t0=$SECONDS
  shift
  printf '\n==> %s\n' "$name"
  if "$@"; then
    recap+=("ok      $name ($((SECONDS - t0)) s)")
    return 0
  fi
  failed_steps+=("$name")
  recap+=("FAILED  $name ($((SECONDS - t0)) s)")
  return 1
}

finish() { # finish PASSED FAILED_TESTS
  local passed="$1" failed=$(( $2 + ${#failed_steps[@]} ))
  printf '\n==> summary\n'
  printf '  %s\n' "${recap[@]}"
  if [ "${ONCALL_SKIP_E2E:-}" = 1 ]; then
    printf '  !!! E2E SKIPPED (ONCALL_SKIP_E2E=1): the real-VS-Code suite did not run !!!\n'
  fi
  [ ${#failed_steps[@]} -gt 0 ] && printf '  failed steps (each counted as one failure): %s\n' "${failed_steps[*]}"
  printf '%s passed, %s failed\n' "$passed" "$failed"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}

step setup bash scripts/setup.sh || finish 0 0
source scripts/use-node.sh
step typecheck npm run --silent typecheck || true
step lint npm run --silent lint || true
step build node esbuild.mjs || true
step build-tests node esbuild.mjs --tests || finish 0 0
suites=(unit integration)
if [ "${ONCALL_SKIP_E2E:-}" = 1 ]; then
  printf '\n!!! ONCALL_SKIP_E2E=1: skipping the e2e suite (real VS Code) !!!\n'
elif step package npm run --silent package; then
  suites+=(e2e)
else
  printf '\n!!! no .vsix: the e2e suite cannot run !!!\n'
fi

rm -rf test-artifacts
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step "tests (${suites[*]})" bash -c 'set -o pipefail; node scripts/run-tests.mjs "$@" | tee "$0"' "$log" "${suites[@]}" || true
line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
if [ -z "$line" ]; then
  finish 0 1 # the runner died before counting: one failure (the step is counted too)
fi
read -r passed _ failed _ <<<"$line"
# The tests step's own failure is already in `failed`: do not count it twice.
if [ "$failed" -gt 0 ] && [ ${#failed_steps[@]} -gt 0 ] && [[ "${failed_steps[-1]}" == tests* ]]; then
  unset 'failed_steps[-1]'
fi
finish "$passed" "$failed"
