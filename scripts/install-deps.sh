#!/usr/bin/env bash
# Installs node_modules with `npm ci` when it is missing or older than package-lock.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[tynda] %s\n' "$*"; }

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
