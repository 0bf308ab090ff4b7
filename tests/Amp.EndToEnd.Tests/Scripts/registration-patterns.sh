# Show all workers with their lifecycle timestamps
ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '
    "\(.node_id):",
    "  Created:    \(.created_at)",
    "  Registered: \(.registered_at)",
    "  Heartbeat:  \(.heartbeat_at)",
    ""'
done
