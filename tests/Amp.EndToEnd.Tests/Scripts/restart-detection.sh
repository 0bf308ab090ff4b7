ampctl worker inspect worker-01 --json | jq -r '
  "Created:     \(.created_at)",
  "Registered:  \(.registered_at)",
  "Heartbeat:   \(.heartbeat_at)"'

# If registered_at > created_at, the worker has restarted
# Large gap = long-running worker, small gap = recent restart
