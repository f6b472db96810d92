#!/usr/bin/env bash
# npm test: dependencies, PostgreSQL + Redis, the build (a full typecheck), lint (ESLint and
# Prettier), unit tests, e2e tests.
# Build, lint, unit and e2e all run even when an earlier one fails; the exit code is non-zero if any
# failed. With CI=true jest runs with --ci. Extra arguments go to both jest runs
# (npm test -- -t "login" runs matching tests only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[tynda] %s\n' "$*"; }

# Node 24 first on PATH (fetched into .tools/ when the machine has another version).
# shellcheck source=scripts/use-node.sh
. "$ROOT/scripts/use-node.sh"
say "Node $(node -v) ($(command -v node)), npm $(npm -v)"

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tynda}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

LOG_DIR="$ROOT/.data/logs"
mkdir -p "$LOG_DIR"

bash scripts/install-deps.sh
bash scripts/ensure-services.sh

jest_args=()
case "${CI:-}" in
  '' | 0 | false) ;;
  *) jest_args+=(--ci) ;;
esac
if [ -t 1 ]; then jest_args+=(--colors); fi
if [ $# -gt 0 ]; then jest_args+=(--passWithNoTests "$@"); fi

results=()
failed=0

step() { # name shown-command command...
  local name="$1" rc=0
  say "$name ($2)"
  shift 2
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    results+=("$name: ok")
  else
    results+=("$name: FAILED (exit $rc)")
    failed=1
  fi
}

# Runs a command with its output also kept in a file (jest's summary is read back from it).
run_logged() { # log-file command...
  local log="$1"
  shift
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

step build "npm run build" npm run --silent build
step lint "npm run lint" npm run --silent lint
shown_args="${jest_args[*]:+ -- ${jest_args[*]}}"
step "unit tests" "npm run test:unit$shown_args" \
  run_logged "$LOG_DIR/test-unit.log" npm run --silent test:unit -- "${jest_args[@]}"
step "e2e tests" "npm run test:e2e$shown_args" \
  run_logged "$LOG_DIR/test-e2e.log" npm run --silent test:e2e -- "${jest_args[@]}"

say "------------------------------------------------------------------"
for script in unit e2e; do
  log="$LOG_DIR/test-$script.log"
  [ -f "$log" ] || continue
  # The jest summary block, without colours.
  summary="$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(Test Suites|Tests|Snapshots|Time):' || true)"
  say "$script tests:"
  if [ -n "$summary" ]; then
    printf '%s\n' "$summary" | sed 's/^/[tynda]   /'
  else
    say "  (no jest summary; see .data/logs/test-$script.log)"
  fi
done
for r in "${results[@]}"; do say "$r"; done
if [ "$failed" = 1 ]; then
  say "FAILED"
  exit 1
fi
say "all passed"
