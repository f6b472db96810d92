#!/usr/bin/env bash
# apt-get that waits for another apt or dpkg run (unattended-upgrades, cloud-init, a second
# `npm test`) instead of failing at once: install/remove wait for the dpkg lock through
# DPkg::Lock::Timeout, and `update`, which apt does not let wait for the package lists' lock,
# is retried while that lock is held. Same arguments as apt-get.
#
# Environment: TYNDA_APT_LOCK_TIMEOUT (seconds to wait for a lock, default 600).
set -euo pipefail

TIMEOUT="${TYNDA_APT_LOCK_TIMEOUT:-600}"
deadline=$((SECONDS + TIMEOUT))
said=0
while :; do
  err="$(mktemp)"
  rc=0
  apt-get -o "DPkg::Lock::Timeout=$TIMEOUT" "$@" 2>"$err" || rc=$?
  if [ "$rc" -eq 0 ] || ! grep -q 'Could not get lock' "$err" || [ "$SECONDS" -ge "$deadline" ]; then
    cat "$err" >&2
    rm -f "$err"
    exit "$rc"
  fi
  rm -f "$err"
  if [ "$said" = 0 ]; then
    printf '[tynda] another apt-get holds its lock: waiting (up to %ss)\n' "$TIMEOUT" >&2
    said=1
  fi
  sleep 5
done
