#!/usr/bin/env bash
# Runs every test of the project (unit, integration against a real PostgreSQL, end-to-end with real
# ampd/ampctl processes) and ends with the line "N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Worker]
set -uo pipefail
cd "$(dirname "$0")"

./setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d /tmp/amp-test-results.XXXXXX)
cleanup() {
  # Managed PostgreSQL servers of the test fixtures live in /tmp/amp-test-pg-*; never leave one behind.
  pkill -f -- '-D /tmp/amp-test-pg-' 2>/dev/null || true
  rm -rf /tmp/amp-test-pg-* 2>/dev/null || true
  # anvil runs with its state in memory and HOME in /tmp/amp-anvil-*, deleted when a test ends; a test process that
  # died leaves its home behind.
  rm -rf /tmp/amp-anvil-* 2>/dev/null || true
}
trap cleanup EXIT

dotnet build Amp.slnx -c Debug -nologo -v quiet -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Tests send SIGINT/SIGQUIT to the processes they start (Ctrl-C tests). A shell started in the background without
# job control hands its children those signals ignored, and ignored signals are inherited: give them back.
env --default-signal=INT,QUIT dotnet test Amp.slnx -c Debug --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
rm -rf "$results"

if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  echo "dotnet test exited with code $status (a test host crashed or a run was aborted)"
  failed=1
fi
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
