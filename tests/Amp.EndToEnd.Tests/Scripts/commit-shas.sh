# Get commit SHA for all workers
ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  commit=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.commit_sha // "unknown"')
  echo "$worker: $commit"
done
