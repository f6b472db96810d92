#!/usr/bin/env bash
# Installs node_modules with `npm ci` when it is missing or older than package-lock.json, and
# Debian's chromium (for the browser tests) when it is missing and we are root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[tynda] %s\n' "$*"; }

# npm ci on Node 24 (package.json "engines"), so no EBADENGINE warning: a no-op when the caller
# already put it on PATH.
# shellcheck source=scripts/use-node.sh
. "$ROOT/scripts/use-node.sh"

# The browser tests (test/web.e2e-spec.ts) drive Debian's Chromium through playwright-core:
# Playwright's own browser download does not work on these machines.
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests (apt-get)"
    # scripts/apt-get.sh waits for another apt run's lock instead of failing at once.
    if ! { bash scripts/apt-get.sh update -qq && DEBIAN_FRONTEND=noninteractive bash scripts/apt-get.sh install -y -qq --no-install-recommends chromium >/dev/null; }; then
      say "WARNING: apt-get could not install chromium; the browser tests will fail"
    fi
  else
    say "WARNING: $CHROMIUM is missing and this is not root with apt-get: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH, or the browser tests will fail"
  fi
fi

# npm rewrites node_modules/.package-lock.json on every install: its age is the install's age.
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ]; then
  reason="node_modules is missing"
elif [ ! -f "$stamp" ]; then
  reason="node_modules looks incomplete (no $stamp)"
elif [ package-lock.json -nt "$stamp" ]; then
  reason="package-lock.json is newer than node_modules"
else
  exit 0
fi

say "installing dependencies with npm ci ($reason)"
npm ci --no-audit --no-fund
