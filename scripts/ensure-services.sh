#!/usr/bin/env bash
# Makes sure PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) answer, starting local ones if needed.
#
#   scripts/ensure-services.sh                 ensure both answer (npm run services)
#   scripts/ensure-services.sh --stop [FILE]   stop what this script started, as recorded in FILE
#                                              (default .data/started-services)
#
# Order: (a) already reachable -> use it; (b) a Docker engine answers -> `docker compose up -d`;
# (c) local servers: the Debian cluster on that port (pg_ctlcluster), else a private cluster made
# with initdb under .data/postgres; `redis-server --daemonize yes`. Missing packages are installed
# with apt-get when running as root. Only 127.0.0.1/localhost get anything started.
#
# Everything it starts is written to .data/started-services, one tab-separated line each:
#   redis      <port> <pid>
#   pgcluster  <port> <version> <cluster>
#   pgdata     <port> <data dir> <bin dir>
#   docker     <port> <compose service>
# When TYNDA_STARTED_SERVICES_OUT is set, the lines are also appended to that file (demo.sh uses it
# to stop, on Ctrl-C, only what it caused to start). Services that were running before are never
# recorded, so never stopped.
#
# Environment: DATABASE_URL, REDIS_URL, TYNDA_SERVICES_TIMEOUT (seconds to wait, default 30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DATA_DIR="$ROOT/.data"
LOG_DIR="$DATA_DIR/logs"
STARTED_FILE="$DATA_DIR/started-services"
TIMEOUT="${TYNDA_SERVICES_TIMEOUT:-30}"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tynda}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

say() { printf '[tynda] %s\n' "$*"; }
warn() { printf '[tynda] warning: %s\n' "$*" >&2; }
die() {
  printf '[tynda] ERROR: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
is_local() { [ "$1" = 127.0.0.1 ] || [ "$1" = localhost ]; }

# ---------------------------------------------------------------------------------------------
# Records of what we started, and --stop
# ---------------------------------------------------------------------------------------------

record() { # fields...
  local line
  line="$(printf '%s\t' "$@")"
  line="${line%$'\t'}"
  mkdir -p "$DATA_DIR"
  printf '%s\n' "$line" >>"$STARTED_FILE"
  if [ -n "${TYNDA_STARTED_SERVICES_OUT:-}" ]; then printf '%s\n' "$line" >>"$TYNDA_STARTED_SERVICES_OUT"; fi
}

# Drops the records of one kind on one port: called just before starting that service again, so
# those records are stale (what they describe is not running).
forget() { # kind port
  [ -f "$STARTED_FILE" ] || return 0
  local tmp="$STARTED_FILE.tmp.$$"
  awk -F '\t' -v k="$1" -v p="$2" '!($1 == k && $2 == p)' "$STARTED_FILE" >"$tmp" || true
  mv -f "$tmp" "$STARTED_FILE"
}

recorded() { # kind port -> true when we started that service earlier
  [ -f "$STARTED_FILE" ] && awk -F '\t' -v k="$1" -v p="$2" '$1 == k && $2 == p { f = 1 } END { exit !f }' "$STARTED_FILE"
}

# Runs a command as the owner of a path (root -> that user; anyone else -> as is).
as_owner_of() { # path cmd...
  local owner
  owner="$(stat -c %U "$1")"
  shift
  if is_root && [ "$owner" != root ]; then as_user "$owner" "$@"; else "$@"; fi
}

as_user() { # user cmd...
  local user="$1"
  shift
  if have runuser; then
    (cd / && runuser -u "$user" -- "$@")
  else
    (cd / && su -s /bin/bash "$user" -c "$(printf '%q ' "$@")")
  fi
}

stop_entry() { # kind port a b
  local kind="$1" port="$2" a="${3:-}" b="${4:-}" i
  case "$kind" in
    redis)
      if [ -n "$a" ] && [ "$(cat "/proc/$a/comm" 2>/dev/null)" = redis-server ]; then
        kill -TERM "$a" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do kill -0 "$a" 2>/dev/null || break; sleep 0.2; done
        say "stopped redis-server on port $port (pid $a)"
      fi
      ;;
    pgcluster)
      if pg_ctlcluster --skip-systemctl-redirect "$a" "$b" stop -m fast >/dev/null 2>&1; then
        say "stopped PostgreSQL cluster $a/$b (port $port)"
      fi
      ;;
    pgdata)
      if [ -f "$a/postmaster.pid" ] && as_owner_of "$a" "$b/pg_ctl" -D "$a" -m fast -w stop >/dev/null 2>&1; then
        say "stopped PostgreSQL in $a (port $port)"
      fi
      ;;
    docker)
      if compose stop "$a" >/dev/null 2>&1; then say "stopped docker compose service $a"; fi
      ;;
  esac
}

stop_recorded() { # file
  local file="$1" kind port a b rest tmp
  [ -s "$file" ] || return 0
  # Newest first: the reverse of the order they were started in.
  while IFS=$'\t' read -r kind port a b rest; do
    [ -n "$kind" ] || continue
    stop_entry "$kind" "$port" "$a" "$b" || true
  done < <(tac "$file")
  if [ -f "$STARTED_FILE" ]; then
    if [ "$file" -ef "$STARTED_FILE" ]; then
      : >"$STARTED_FILE"
    else
      tmp="$STARTED_FILE.tmp.$$"
      grep -vxF -f "$file" "$STARTED_FILE" >"$tmp" || true
      mv -f "$tmp" "$STARTED_FILE"
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# Docker
# ---------------------------------------------------------------------------------------------

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif have docker-compose; then
    docker-compose "$@"
  else
    return 127
  fi
}

docker_usable() {
  have docker && timeout 20 docker info >/dev/null 2>&1 && compose version >/dev/null 2>&1
}

# ---------------------------------------------------------------------------------------------
# Stop mode
# ---------------------------------------------------------------------------------------------

if [ "${1:-}" = --stop ]; then
  stop_recorded "${2:-$STARTED_FILE}"
  exit 0
elif [ $# -gt 0 ]; then
  die "unknown argument '$1' (usage: ensure-services.sh [--stop [FILE]])"
fi

# ---------------------------------------------------------------------------------------------
# What to reach
# ---------------------------------------------------------------------------------------------

# postgres[ql]://[user[:password]@]host[:port][/db][?params]
pg_re='^postgres(ql)?://(([^:@/]*)(:[^@/]*)?@)?([^:/?@]+)(:([0-9]+))?(/([^?]*))?(\?.*)?$'
[[ $DATABASE_URL =~ $pg_re ]] || die "DATABASE_URL must look like postgres://user@host:5432/dbname"
PG_USERINFO="${BASH_REMATCH[2]}"
PG_USER="${BASH_REMATCH[3]:-postgres}"
PG_HOST="${BASH_REMATCH[5]}"
PG_PORT="${BASH_REMATCH[7]:-5432}"
PG_QUERY="${BASH_REMATCH[10]}"
# The server-wide database: the app's own one may not exist yet (npm run migrate creates it).
PG_ADMIN_URL="postgres://${PG_USERINFO}${PG_HOST}:${PG_PORT}/postgres${PG_QUERY}"

# redis[s]://[user][:password]@host[:port][/db]
redis_re='^(rediss?)://(([^:@/]*)(:([^@/]*))?@)?([^:/?@]+)(:([0-9]+))?(/.*)?$'
[[ $REDIS_URL =~ $redis_re ]] || die "REDIS_URL must look like redis://host:6379"
REDIS_SCHEME="${BASH_REMATCH[1]}"
REDIS_PASS="${BASH_REMATCH[5]}"
REDIS_HOST="${BASH_REMATCH[6]}"
REDIS_PORT="${BASH_REMATCH[8]:-6379}"
# redis-cli reads the password from the environment (kept off the command line); an empty
# REDISCLI_AUTH would make it send AUTH "" and fail, so it is only set when there is one.
REDIS_CLI_ENV=(LC_ALL=C)
if [ -n "$REDIS_PASS" ]; then REDIS_CLI_ENV+=("REDISCLI_AUTH=$REDIS_PASS"); fi

mkdir -p "$LOG_DIR"

# One run at a time (npm test and npm run demo side by side must not both start a server): the
# script runs again under flock, which holds the lock itself; -o keeps it from leaking into the
# servers started here (a daemon inheriting it would hold the lock for as long as it runs).
if [ -z "${TYNDA_ENSURE_SERVICES_LOCKED:-}" ] && have flock; then
  rc=0
  TYNDA_ENSURE_SERVICES_LOCKED=1 flock -o -w 300 -E 75 "$DATA_DIR/.ensure-services.lock" bash "$ROOT/scripts/ensure-services.sh" || rc=$?
  if [ "$rc" -eq 75 ]; then die "another ensure-services.sh has held .data/.ensure-services.lock for 5 minutes"; fi
  exit "$rc"
fi

# ---------------------------------------------------------------------------------------------
# Probes
# ---------------------------------------------------------------------------------------------

tcp_open() { # host port
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" >/dev/null 2>&1
}

pg_up() {
  if have pg_isready; then
    timeout 5 pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -t 3 >/dev/null 2>&1
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

# 0: answers PONG; 1: nothing answers; 2: something answers but not PONG (reply in REDIS_REPLY).
REDIS_REPLY=''
redis_state() {
  local out rc
  if [ "$REDIS_SCHEME" = rediss ]; then
    # TLS: neither redis-cli (without certificates) nor /dev/tcp can talk to it; a TCP answer will do.
    tcp_open "$REDIS_HOST" "$REDIS_PORT" && return 0 || return 1
  fi
  if have redis-cli; then
    out="$(timeout 5 env "${REDIS_CLI_ENV[@]}" redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1)" || true
    case "$out" in
      PONG | *$'\n'PONG) return 0 ;; # after a harmless "AUTH failed" when the server has no password
      '' | *'Could not connect'* | *'Connection refused'*) return 1 ;;
      *)
        REDIS_REPLY="$out"
        return 2
        ;;
    esac
  fi
  rc=0
  # shellcheck disable=SC2016 # expanded by the inner bash
  out="$(LC_ALL=C timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    if [ -n "$3" ]; then
      printf "*2\r\n\$4\r\nAUTH\r\n\$%d\r\n%s\r\n" "${#3}" "$3" >&3
      IFS= read -r line <&3 || exit 2
    fi
    printf "*1\r\n\$4\r\nPING\r\n" >&3
    IFS= read -r line <&3 || exit 2
    line="$(printf "%s" "$line" | tr -d "\r")"
    [ "$line" = "+PONG" ] && exit 0
    printf "%s" "$line"
    exit 2' _ "$REDIS_HOST" "$REDIS_PORT" "$REDIS_PASS" 2>/dev/null)" || rc=$?
  case "$rc" in
    0) return 0 ;;
    2)
      REDIS_REPLY="${out:-no reply to PING}"
      return 2
      ;;
    *) return 1 ;;
  esac
}

redis_up() {
  local rc=0
  redis_state || rc=$?
  [ "$rc" -eq 0 ]
}

wait_for() { # seconds cmd... -> true once cmd succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# Installing packages
# ---------------------------------------------------------------------------------------------

apt_install() { # what packages...
  local what="$1"
  shift
  if ! have apt-get; then
    die "$what is not installed and there is no apt-get here: install it (or start Docker) and re-run"
  fi
  if ! is_root; then
    printf '[tynda] ERROR: %s is not installed. Install it, then re-run:\n' "$what" >&2
    printf '  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y %s\n' "$*" >&2
    exit 1
  fi
  say "$what: installing $* with apt-get (log: .data/logs/apt.log)"
  # scripts/apt-get.sh waits for another apt run's lock instead of failing at once.
  if ! { bash "$ROOT/scripts/apt-get.sh" update && DEBIAN_FRONTEND=noninteractive bash "$ROOT/scripts/apt-get.sh" install -y "$@"; } \
    >>"$LOG_DIR/apt.log" 2>&1; then
    tail -n 20 "$LOG_DIR/apt.log" >&2 || true
    die "apt-get install $* failed (full log: .data/logs/apt.log)"
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

PG_HOW=''

# "version cluster status" of the Debian cluster configured on our port, if any.
debian_cluster() {
  have pg_lsclusters || return 0
  [ -d /etc/postgresql ] || return 0
  pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1, $2, $4; exit }'
}

# Directory holding initdb, pg_ctl and postgres (newest Debian version first, then PATH).
pg_bindir() {
  local d
  while read -r d; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      printf '%s\n' "$d"
      return 0
    fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -V -r)
  if have initdb && have pg_ctl; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

start_debian_cluster() { # version cluster status -> true once it answers
  local ver="$1" name="$2" status="$3"
  if [ "${status%%,*}" != online ]; then
    if ! pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >>"$LOG_DIR/postgres.log" 2>&1; then
      warn "pg_ctlcluster $ver $name start failed (see .data/logs/postgres.log and /var/log/postgresql/)"
      return 1
    fi
  fi
  wait_for 15 pg_up || return 1
  forget pgcluster "$PG_PORT"
  record pgcluster "$PG_PORT" "$ver" "$name"
  PG_HOW="started the Debian cluster $ver/$name"
}

pg_locale_args() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    printf '%s\n' --locale=C.UTF-8
  elif locale -a 2>/dev/null | grep -qiE '^en_US\.utf-?8$'; then
    printf '%s\n' --locale=en_US.UTF-8
  else
    warn "no UTF-8 locale found: the private PostgreSQL uses the C locale (Cyrillic case-folding is off)"
    printf '%s\n' --no-locale
  fi
}

# A private cluster of our own: initdb under .data/postgres, owned by the postgres user when root.
start_private_postgres() {
  local bindir dir runner='' locale_arg pid
  bindir="$(pg_bindir)" || return 1
  dir="$DATA_DIR/postgres"
  if is_root; then
    getent passwd postgres >/dev/null || die "PostgreSQL: initdb refuses root and there is no 'postgres' user"
    runner=postgres
    mkdir -p "$dir"
    chown postgres: "$dir"
    chmod 700 "$dir"
    if ! as_user postgres test -w "$dir"; then
      # A parent of the checkout is closed to other users (a repository under /root, say).
      dir="/var/tmp/tynda-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)/postgres"
      mkdir -p "$dir"
      chmod 755 "$(dirname "$dir")"
      chown postgres: "$dir"
      chmod 700 "$dir"
      say "PostgreSQL: the postgres user cannot reach .data/postgres; using $dir instead"
    fi
  else
    mkdir -p "$dir"
    chmod 700 "$dir"
  fi
  run_pg() { if [ -n "$runner" ]; then as_user "$runner" "$@"; else (cd / && "$@"); fi; }

  if [ ! -f "$dir/PG_VERSION" ]; then
    locale_arg="$(pg_locale_args)"
    if ! run_pg "$bindir/initdb" -D "$dir" -U "$PG_USER" --auth=trust -E UTF8 "$locale_arg" \
      >>"$LOG_DIR/postgres.log" 2>&1; then
      tail -n 20 "$LOG_DIR/postgres.log" >&2 || true
      die "PostgreSQL: initdb -D $dir failed (full log: .data/logs/postgres.log)"
    fi
    # Also in the file, so a plain `pg_ctl -D $dir start` comes back on the same address.
    run_pg tee -a "$dir/postgresql.conf" >/dev/null <<EOF

# Tynda (scripts/ensure-services.sh)
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
EOF
  fi
  # The socket goes to /tmp: /var/run/postgresql may be missing or not ours.
  if ! run_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t "$TIMEOUT" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp" start \
    >>"$LOG_DIR/postgres.log" 2>&1; then
    tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
    die "PostgreSQL: could not start the server in $dir (logs: $dir/server.log, .data/logs/postgres.log)"
  fi
  pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)"
  forget pgdata "$PG_PORT"
  record pgdata "$PG_PORT" "$dir" "$bindir"
  PG_HOW="started a private server (data in ${dir#"$ROOT"/}, pid ${pid:-?})"
}

start_local_postgres() {
  local info ver name status installed=0
  info="$(debian_cluster)"
  if [ -z "$info" ] && ! have pg_ctlcluster && ! pg_bindir >/dev/null; then
    apt_install PostgreSQL postgresql postgresql-contrib
    installed=1
    info="$(debian_cluster)"
  fi
  if [ -n "$info" ]; then
    read -r ver name status <<<"$info"
    if [ "$installed" = 1 ] && pg_up; then
      # The package's own scripts started it: it is still ours to stop.
      record pgcluster "$PG_PORT" "$ver" "$name"
      PG_HOW="installed and started the Debian cluster $ver/$name"
      return 0
    fi
    if start_debian_cluster "$ver" "$name" "$status"; then return 0; fi
    warn "PostgreSQL: the Debian cluster $ver/$name on port $PG_PORT did not come up; trying a private server"
  fi
  start_private_postgres || die "PostgreSQL: no initdb/pg_ctl found (install postgresql, or start Docker)"
}

PG_LOGIN_ERROR=''
pg_login() {
  local out
  have psql || return 0
  if out="$(PGCONNECT_TIMEOUT=5 psql -w -X -q -At -d "$PG_ADMIN_URL" -c 'select 1' 2>&1)"; then return 0; fi
  # The server-wide database may be off limits while the app's own one is fine.
  if PGCONNECT_TIMEOUT=5 psql -w -X -q -At -d "$DATABASE_URL" -c 'select 1' >/dev/null 2>&1; then return 0; fi
  PG_LOGIN_ERROR="$(printf '%s\n' "$out" | grep -m1 -E 'FATAL|error' || printf '%s\n' "$out" | head -n1)"
  PG_LOGIN_ERROR="${PG_LOGIN_ERROR#psql: error: }"
  return 1
}

# The project's URL carries no password: make the Debian cluster trust 127.0.0.1 for our user.
pg_trust_localhost() { # version cluster
  local hba="/etc/postgresql/$1/$2/pg_hba.conf" tmp
  local v4="host all $PG_USER 127.0.0.1/32 trust" v6="host all $PG_USER ::1/128 trust"
  [ -f "$hba" ] && is_root || return 1
  if ! grep -qxF "$v4" "$hba"; then
    tmp="$(mktemp)"
    { printf '%s\n' "# Added by Tynda scripts/ensure-services.sh: the dev DATABASE_URL has no password." "$v4" "$v6"; cat "$hba"; } >"$tmp"
    cat "$tmp" >"$hba" # keeps the file's owner and mode
    rm -f "$tmp"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$1" "$2" reload >>"$LOG_DIR/postgres.log" 2>&1 || return 1
  PG_HOW="$PG_HOW; made $hba trust 127.0.0.1 for $PG_USER"
}

check_pg_login() {
  local info ver name status i
  pg_login && return 0
  case "$PG_LOGIN_ERROR" in
    *authentication* | *'no password supplied'* | *pg_hba.conf*)
      info=''
      if is_local "$PG_HOST"; then info="$(debian_cluster)"; fi
      if [ -n "$info" ]; then
        read -r ver name status <<<"$info"
        if is_root && pg_trust_localhost "$ver" "$name"; then
          for ((i = 0; i < 10; i++)); do
            pg_login && return 0
            sleep 0.5
          done
        elif ! is_root; then
          die "PostgreSQL on $PG_HOST:$PG_PORT refuses $PG_USER without a password ($PG_LOGIN_ERROR). Run as root once, or add the line 'host all $PG_USER 127.0.0.1/32 trust' at the top of /etc/postgresql/$ver/$name/pg_hba.conf and run: sudo pg_ctlcluster $ver $name reload"
        fi
      fi
      die "PostgreSQL on $PG_HOST:$PG_PORT refuses the login as $PG_USER: $PG_LOGIN_ERROR (fix DATABASE_URL or the server's pg_hba.conf)"
      ;;
    *'does not exist'*)
      die "PostgreSQL on $PG_HOST:$PG_PORT: $PG_LOGIN_ERROR (fix DATABASE_URL)"
      ;;
    *)
      warn "PostgreSQL on $PG_HOST:$PG_PORT answers but psql could not log in: $PG_LOGIN_ERROR"
      ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

REDIS_HOW=''

start_local_redis() {
  local pid pidfile args
  if ! have redis-server; then
    apt_install Redis redis-server
    # Its package scripts may have started the system service on 6379 already.
    if wait_for 3 redis_up; then
      pid="$(env "${REDIS_CLI_ENV[@]}" redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server 2>/dev/null |
        tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }')"
      record redis "$REDIS_PORT" "${pid:-}"
      REDIS_HOW="installed and started redis-server${pid:+ (pid $pid)}"
      return 0
    fi
  fi
  mkdir -p "$DATA_DIR/redis"
  pidfile="$DATA_DIR/redis/redis-$REDIS_PORT.pid"
  rm -f "$pidfile"
  args=(--daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
    --dir "$DATA_DIR/redis" --pidfile "$pidfile" --logfile "$LOG_DIR/redis-$REDIS_PORT.log")
  if [ -n "$REDIS_PASS" ]; then args+=(--requirepass "$REDIS_PASS"); fi
  if ! redis-server "${args[@]}" >>"$LOG_DIR/redis-$REDIS_PORT.log" 2>&1; then
    tail -n 20 "$LOG_DIR/redis-$REDIS_PORT.log" >&2 || true
    die "Redis: redis-server did not start on port $REDIS_PORT (log: .data/logs/redis-$REDIS_PORT.log)"
  fi
  wait_for 5 test -s "$pidfile" || true
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  forget redis "$REDIS_PORT"
  record redis "$REDIS_PORT" "$pid"
  REDIS_HOW="started redis-server (pid ${pid:-?}, log .data/logs/redis-$REDIS_PORT.log)"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

need_pg=0
need_redis=0
pg_up || need_pg=1
redis_rc=0
redis_state || redis_rc=$?
if [ "$redis_rc" -eq 2 ]; then
  die "Redis at $REDIS_HOST:$REDIS_PORT does not answer PING: $REDIS_REPLY (a wrong password in REDIS_URL, or another program on that port?)"
fi
[ "$redis_rc" -eq 0 ] || need_redis=1

if [ "$need_pg" = 0 ]; then
  PG_HOW="already running"
  if recorded pgcluster "$PG_PORT" || recorded pgdata "$PG_PORT"; then PG_HOW="already running (started earlier by this script)"; fi
fi
if [ "$need_redis" = 0 ]; then
  REDIS_HOW="already running"
  if recorded redis "$REDIS_PORT"; then REDIS_HOW="already running (started earlier by this script)"; fi
fi

start_pg=0
start_redis=0
REMOTE="not a local address, so nothing is started for it"
if [ "$need_pg" = 1 ]; then
  if is_local "$PG_HOST"; then start_pg=1; else PG_HOW="$REMOTE"; fi
fi
if [ "$need_redis" = 1 ]; then
  if is_local "$REDIS_HOST"; then start_redis=1; else REDIS_HOW="$REMOTE"; fi
fi

# (b) Docker, when an engine answers.
if [ $((start_pg + start_redis)) -gt 0 ] && docker_usable; then
  services=()
  if [ "$start_pg" = 1 ]; then services+=(postgres); fi
  if [ "$start_redis" = 1 ]; then services+=(redis); fi
  say "starting ${services[*]} with docker compose (log: .data/logs/docker-compose.log)"
  if TYNDA_PG_PORT="$PG_PORT" TYNDA_REDIS_PORT="$REDIS_PORT" compose up -d "${services[@]}" \
    >>"$LOG_DIR/docker-compose.log" 2>&1; then
    if [ "$start_pg" = 1 ]; then
      forget docker "$PG_PORT"
      record docker "$PG_PORT" postgres
      PG_HOW="started with docker compose (service postgres)"
      start_pg=0
    fi
    if [ "$start_redis" = 1 ]; then
      forget docker "$REDIS_PORT"
      record docker "$REDIS_PORT" redis
      REDIS_HOW="started with docker compose (service redis)"
      start_redis=0
    fi
  else
    warn "docker compose up failed (see .data/logs/docker-compose.log); starting local servers instead"
  fi
fi

# (c) Local servers.
if [ "$start_pg" = 1 ]; then start_local_postgres; fi
if [ "$start_redis" = 1 ]; then start_local_redis; fi

# (d) Both must answer, within the time limit.
if ! wait_for "$TIMEOUT" pg_up; then
  die "PostgreSQL does not answer on $PG_HOST:$PG_PORT after ${TIMEOUT}s (${PG_HOW:-?}; logs in .data/logs/)"
fi
if ! wait_for "$TIMEOUT" redis_up; then
  REDIS_REPLY=''
  redis_state || true
  die "Redis does not answer on $REDIS_HOST:$REDIS_PORT after ${TIMEOUT}s${REDIS_REPLY:+: $REDIS_REPLY} (${REDIS_HOW:-?}; logs in .data/logs/)"
fi
check_pg_login
if [ "$PG_HOW" = "$REMOTE" ]; then PG_HOW="remote server, up after a wait"; fi
if [ "$REDIS_HOW" = "$REMOTE" ]; then REDIS_HOW="remote server, up after a wait"; fi

say "PostgreSQL on $PG_HOST:$PG_PORT (user $PG_USER): $PG_HOW"
say "Redis on $REDIS_HOST:$REDIS_PORT: $REDIS_HOW"
