#!/bin/bash
# check-workers.sh - Verify all workers are healthy
#
# Amp's documented script with its two defects fixed (see README.md): `jq -c` so that each worker is one
# line for `read`, and the loop reads from a process substitution instead of a pipe so that EXIT_CODE=1
# set inside the loop reaches `exit`. Everything else is as documented.

THRESHOLD_SECONDS=30
EXIT_CODE=0

echo "Checking worker health..."

while read -r worker; do
  node_id=$(echo "$worker" | jq -r '.node_id')
  heartbeat=$(echo "$worker" | jq -r '.heartbeat_at')
  heartbeat_ts=$(date -d "$heartbeat" +%s 2>/dev/null || echo 0)
  now_ts=$(date +%s)
  age=$((now_ts - heartbeat_ts))

  if [ $age -gt $THRESHOLD_SECONDS ]; then
    echo "❌ $node_id: heartbeat $age seconds old (threshold: $THRESHOLD_SECONDS)"
    EXIT_CODE=1
  else
    echo "✓ $node_id: healthy ($age seconds ago)"
  fi
done < <(ampctl worker list --json | jq -c '.workers[]')

exit $EXIT_CODE
