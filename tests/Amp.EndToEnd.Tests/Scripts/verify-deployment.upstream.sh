#!/bin/bash
# verify-deployment.sh - Ensure all workers are on expected version

EXPECTED_VERSION="v0.0.22-15-g8b065bde"
EXIT_CODE=0

echo "Verifying deployment: $EXPECTED_VERSION"

ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  version=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version')

  if [ "$version" = "$EXPECTED_VERSION" ]; then
    echo "✓ $worker: $version"
  else
    echo "❌ $worker: $version (expected: $EXPECTED_VERSION)"
    EXIT_CODE=1
  fi
done

exit $EXIT_CODE
