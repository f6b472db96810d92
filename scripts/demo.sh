#!/usr/bin/env bash
# npm run demo: dependencies, PostgreSQL + Redis, build, migrate, seed, then the API and the worker
# until Ctrl-C. Ctrl-C, or SIGTERM/SIGHUP to this script or to the `npm run demo` that started it,
# stops both (SIGTERM, they drain) and any service that ensure-services.sh started for this run.
# package.json runs it with `exec`, so npm's shell is replaced by this script and the signals npm
# forwards to its child reach it; should npm itself vanish (kill -9), the loop below notices.
#
# Environment: PORT (3000), DATABASE_URL, REDIS_URL, DEMO_PASSWORD (tynda-demo),
# DEMO_READY_TIMEOUT (seconds to wait for /health/ready, 90),
# DEMO_EXIT_AFTER_READY=1 (stop everything and exit 0 once ready: a smoke check).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[tynda] %s\n' "$*"; }
die() {
  printf '[tynda] ERROR: %s\n' "$*" >&2
  exit 1
}

export PORT="${PORT:-3000}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tynda}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export DEMO_PASSWORD="${DEMO_PASSWORD:-tynda-demo}"
# Channel secrets of the sample deliveries in test/fixtures/channels (demo only: set real ones in production),
# so the demo accepts them: e.g. the signed Facebook comment posted with curl (README, the tour).
export FACEBOOK_APP_SECRET="${FACEBOOK_APP_SECRET:-tynda-fixture-app-secret}"
export FACEBOOK_VERIFY_TOKEN="${FACEBOOK_VERIFY_TOKEN:-tynda-demo-verify}"
export TELEGRAM_SECRET_TOKEN="${TELEGRAM_SECRET_TOKEN:-tynda-demo-telegram}"
export VK_SECRET="${VK_SECRET:-tynda-fixture-vk-secret}"
export VK_CONFIRMATION_CODE="${VK_CONFIRMATION_CODE:-tynda-demo-vk}"
export OPEN311_API_KEYS="${OPEN311_API_KEYS:-tynda-fixture-open311-key}"
READY_TIMEOUT="${DEMO_READY_TIMEOUT:-90}"

# Node 24 first on PATH (fetched into .tools/ when the machine has another version).
# shellcheck source=scripts/use-node.sh
. "$ROOT/scripts/use-node.sh"
say "Node $(node -v)"
STOP_TIMEOUT=30

LOG_DIR="$ROOT/.data/logs"
mkdir -p "$LOG_DIR"
# What ensure-services.sh starts for this run (and only that) is stopped at the end.
SESSION_FILE="$ROOT/.data/demo-services.$$"
: >"$SESSION_FILE"

API_PID=''
WORKER_PID=''
CLEANED=0
# Under `npm run demo` the API and the worker live only as long as npm does.
NPM_PARENT=''
if [ "${npm_lifecycle_event:-}" = demo ]; then NPM_PARENT=$PPID; fi

stop_apps() {
  local pids=() pid i alive
  for pid in "$API_PID" "$WORKER_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then pids+=("$pid"); fi
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  say "stopping the API and the worker (SIGTERM: they finish what they are doing)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    alive=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" = 1 ] || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop within ${STOP_TIMEOUT}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}

cleanup() {
  [ "$CLEANED" = 0 ] || return 0
  CLEANED=1
  # npm forwards Ctrl-C to us as well: a second SIGINT must not cut the clean-up short.
  trap '' INT TERM HUP
  stop_apps
  bash "$ROOT/scripts/ensure-services.sh" --stop "$SESSION_FILE" || true
  rm -f "$SESSION_FILE"
}

# shellcheck disable=SC2317 # run by the trap below
on_signal() {
  printf '\n'
  say "stopping"
  cleanup
  exit 0
}

trap cleanup EXIT
trap on_signal INT TERM HUP

# shellcheck disable=SC2016 # expanded by the inner bash
port_in_use() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1; }

ready() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
      .then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
  ' "$1"
}

app_died() { # name pid log
  local rc=0
  wait "$2" 2>/dev/null || rc=$?
  printf '[tynda] ERROR: the %s exited (code %s) before the API was ready; last lines of %s:\n' "$1" "$rc" "${3#"$ROOT"/}" >&2
  tail -n 25 "$3" >&2 || true
  exit 1
}

if port_in_use "$PORT"; then
  die "port $PORT is already in use (another demo running?): stop it or run with PORT=<free port>"
fi

bash scripts/install-deps.sh
TYNDA_STARTED_SERVICES_OUT="$SESSION_FILE" bash scripts/ensure-services.sh

say "building (npm run build)"
npm run --silent build
say "migrating the database (npm run migrate)"
npm run --silent migrate
say "loading demo data (npm run seed)"
npm run --silent seed

# Each in its own session: a Ctrl-C in the terminal reaches only this script, which then sends
# one SIGTERM. (Node would take the terminal's SIGINT itself, start draining, and the SIGTERM
# arriving in the middle of that would kill it on the spot.)
# (setsid must be the command itself, not inside a function, so that $! is node's own pid.)
DETACH=()
if command -v setsid >/dev/null 2>&1; then DETACH=(setsid); fi

say "starting the API and the worker (logs: .data/logs/api.log, .data/logs/worker.log)"
"${DETACH[@]}" node dist/apps/api/src/main.js >"$LOG_DIR/api.log" 2>&1 </dev/null &
API_PID=$!
"${DETACH[@]}" node dist/apps/worker/src/main.js >"$LOG_DIR/worker.log" 2>&1 </dev/null &
WORKER_PID=$!

URL="http://127.0.0.1:$PORT"
deadline=$((SECONDS + READY_TIMEOUT))
until ready "$URL/health/ready"; do
  kill -0 "$API_PID" 2>/dev/null || app_died API "$API_PID" "$LOG_DIR/api.log"
  kill -0 "$WORKER_PID" 2>/dev/null || app_died worker "$WORKER_PID" "$LOG_DIR/worker.log"
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 25 "$LOG_DIR/api.log" >&2 || true
    die "$URL/health/ready did not answer 200 within ${READY_TIMEOUT}s (see .data/logs/api.log)"
  fi
  sleep 1
done

cat <<EOF
[tynda] ------------------------------------------------------------------
[tynda] Tynda is running at $URL
[tynda]   Console: $URL/   (a five-minute tour: README.md)
[tynda]   API:     $URL/api/v1   (OpenAPI: $URL/docs; health: $URL/health/ready)
[tynda]   Worker:  http://127.0.0.1:${WORKER_HTTP_PORT:-3001}/health/ready, /metrics
[tynda]   Queues:  $URL/admin/queues (admins, from the console's Administration screen)
[tynda] Demo logins (password: $DEMO_PASSWORD; the seed above lists them all):
[tynda]   admin@tynda.kz          administrator
[tynda]   governor@tynda.kz       governor's office (sees every district, reports)
[tynda]   press.merki@tynda.kz    press secretary, Merki district
[tynda]   head.land@tynda.kz      head of the land department
[tynda]   staff1.land@tynda.kz    land department staff
[tynda] Logs: .data/logs/api.log, .data/logs/worker.log
[tynda] ------------------------------------------------------------------
EOF

if [ "${DEMO_EXIT_AFTER_READY:-}" = 1 ]; then
  say "DEMO_EXIT_AFTER_READY=1: stopping"
  cleanup
  exit 0
fi

say "press Ctrl-C to stop"
while kill -0 "$API_PID" 2>/dev/null && kill -0 "$WORKER_PID" 2>/dev/null; do
  if [ -n "$NPM_PARENT" ] && ! kill -0 "$NPM_PARENT" 2>/dev/null; then
    say "npm (pid $NPM_PARENT) is gone: stopping"
    cleanup
    exit 0
  fi
  # A background sleep + wait lets the Ctrl-C trap run at once.
  sleep 1 &
  wait $! || true
done
if ! kill -0 "$API_PID" 2>/dev/null; then app_died_late=API log="$LOG_DIR/api.log"; else app_died_late=worker log="$LOG_DIR/worker.log"; fi
printf '[tynda] ERROR: the %s stopped unexpectedly; last lines of %s:\n' "$app_died_late" "${log#"$ROOT"/}" >&2
tail -n 25 "$log" >&2 || true
exit 1
