#!/bin/bash
# verify-deployment.sh - Ensure all workers are on expected version
#
# Amp's documented script with its defect fixed (see README.md): the loop reads from a process
# substitution instead of a pipe so that EXIT_CODE=1 set inside the loop reaches `exit`.

EXPECTED_VERSION="v0.0.22-15-g8b065bde"
EXIT_CODE=0

echo "Verifying deployment: $EXPECTED_VERSION"

while read worker; do
  version=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version')

  if [ "$version" = "$EXPECTED_VERSION" ]; then
    echo "✓ $worker: $version"
  else
    echo "❌ $worker: $version (expected: $EXPECTED_VERSION)"
    EXIT_CODE=1
  fi
done < <(ampctl worker list --json | jq -r '.workers[].node_id')

exit $EXIT_CODE
