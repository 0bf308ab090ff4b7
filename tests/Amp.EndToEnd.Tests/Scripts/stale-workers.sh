# Find workers without recent heartbeats
ampctl worker list --json | jq -r '.workers[] |
  select((.heartbeat_at | fromdateiso8601) < (now - 30)) |
  "⚠ Stale worker: \(.node_id) (last seen: \(.heartbeat_at))"'
