# Generate CSV report of all workers
echo "node_id,version,commit_sha,created_at,registered_at,heartbeat_at" > workers-inventory.csv

ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '
    [.node_id, .info.version, .info.commit_sha, .created_at, .registered_at, .heartbeat_at] |
    @csv'
done >> workers-inventory.csv

echo "Inventory saved to workers-inventory.csv"
