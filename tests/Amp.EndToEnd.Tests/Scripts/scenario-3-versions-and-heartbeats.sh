# List all workers with versions and heartbeats
ampctl worker list --json | jq -r '.workers[] | "\(.node_id): \(.heartbeat_at)"' | \
  while IFS=: read -r worker rest; do
    version=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version // "unknown"')
    echo "$worker: $version"
  done

# Identify outdated workers that need upgrading
# Verify all workers are running compatible versions
