# Get version for specific worker
ampctl worker inspect worker-01 --json | jq -r '.info.version'

# List all workers with their versions
ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  version=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version // "unknown"')
  echo "$worker: $version"
done
