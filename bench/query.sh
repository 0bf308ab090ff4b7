#!/usr/bin/env bash
# Query-server figures: rows/s streamed for SELECT * and a narrow projection, first-row latency, a point query and a
# count, over JSON Lines and Arrow Flight, beside DuckDB reading the same Parquet files directly (the floor).
#
#   bench/query.sh            2,000 generated blocks, 5 runs each (a few minutes on 2 cores, plus the build)
#   bench/query.sh --quick    300 blocks, 3 runs
#   bench/query.sh --out F    write the results to F
#   bench/run.sh --only query runs this script
#
# It builds ampd, ampctl and the driver (Release, into bench/.artifacts), starts anvil (tools/anvil) and an
# ampd solo on free loopback ports in a temporary amp dir, extracts the chain, measures, and stops what it started.
# Writes bench/results/<YYYY-MM-DD>-query.md (…-query-quick.md with --quick).
set -Eeuo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
BLOCKS=2000; RUNS=5; SUFFIX=query; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) BLOCKS=300; RUNS=3; SUFFIX=query-quick ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-"$BENCH/results/$(date -u +%F)-$SUFFIX.md"}
ARTIFACTS="$BENCH/.artifacts"
echo "-- dotnet build -c Release (ampd, ampctl, query-bench)"
for project in "$ROOT/src/Ampd/Ampd.csproj" "$ROOT/src/Ampctl/Ampctl.csproj" "$BENCH/QueryBench/QueryBench.csproj"; do
  dotnet build "$project" -c Release --artifacts-path "$ARTIFACTS" -nologo -v q -clp:ErrorsOnly
done
"$ARTIFACTS/bin/QueryBench/release/query-bench" \
  --ampd "$ARTIFACTS/bin/Ampd/release/ampd" --ampctl "$ARTIFACTS/bin/Ampctl/release/ampctl" \
  --blocks "$BLOCKS" --runs "$RUNS" --out "$OUT.tmp"
{
  echo "# Query server figures ($(date -u +%F))"
  echo
  echo "Command: \`bench/query.sh$([ "$SUFFIX" = query-quick ] && echo ' --quick')\`; commit $(git -C "$ROOT" rev-parse --short HEAD);"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load at start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "JSON Lines and Arrow Flight read every row through ampd solo (Release); the floor is DuckDB.NET in the same"
  echo "driver process reading the same files with read_parquet and GetValues (2 threads, as a query of the server;"
  echo "one in-memory DuckDB opened before the timing, so the floor is the query alone). Each cell: median of the runs."
  echo
  cat "$OUT.tmp"
} >"$OUT"
rm -f "$OUT.tmp"
echo "-- wrote $OUT"
