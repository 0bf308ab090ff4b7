# shellcheck shell=bash
# A throwaway PostgreSQL for bench/run.sh: initdb in a temporary directory, served on a Unix socket only
# (listen_addresses=''), stopped and deleted by pg_stop. As root the server runs as the `postgres` user,
# as PostgreSQL refuses to run as root. Sourced by run.sh; sets PG_BIN, PG_DIR, PG_SOCK, PG_PID, PG_VERSION.

pg_find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/postgres" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v postgres >/dev/null 2>&1; then dirname "$(command -v postgres)"; return 0; fi
  return 1
}

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

# pg_start MAX_CONNECTIONS: creates and starts the server; extra "-c name=value" settings may follow.
pg_start() {
  local max_connections=$1; shift
  PG_BIN=$(pg_find_bin) || { echo "error: PostgreSQL binaries not found (apt-get install postgresql)" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/amp-bench-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PG_DIR"; fi
  PG_SOCK="$PG_DIR/sock"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { echo "error: initdb failed; see $PG_DIR/initdb.log" >&2; cat "$PG_DIR/initdb.log" >&2; return 1; }
  # Everything else stays at PostgreSQL's defaults (fsync on, synchronous_commit on, shared_buffers 128MB).
  pg_as_owner "$PG_BIN/postgres" -D "$PG_DIR/data" -k "$PG_SOCK" -c listen_addresses='' \
    -c max_connections="$max_connections" -c logging_collector=off "$@" >"$PG_DIR/postgres.log" 2>&1 &
  local i
  for i in $(seq 1 200); do
    if [ -f "$PG_DIR/data/postmaster.pid" ] && "$PG_BIN/pg_isready" -q -h "$PG_SOCK" -U postgres; then
      PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
      PG_VERSION=$("$PG_BIN/postgres" --version | sed 's/^postgres (PostgreSQL) //')
      return 0
    fi
    sleep 0.1
  done
  echo "error: PostgreSQL did not start; see $PG_DIR/postgres.log" >&2
  tail -20 "$PG_DIR/postgres.log" >&2
  return 1
}

pg_psql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -U postgres "$@"
}

pg_create_db() {
  pg_psql -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
}

# Stops the server (fast shutdown, then SIGKILL after 20 s) and deletes its directory.
pg_stop() {
  if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 200); do
      kill -0 "$PG_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$PG_PID" 2>/dev/null || true
  fi
  PG_PID=
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    if [ -n "${KEEP_PG_LOG:-}" ] && [ -f "$PG_DIR/postgres.log" ]; then cp "$PG_DIR/postgres.log" "$KEEP_PG_LOG" 2>/dev/null || true; fi
    rm -rf "$PG_DIR"
  fi
  PG_DIR=
}
