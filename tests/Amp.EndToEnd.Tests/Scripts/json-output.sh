# List workers as JSON
ampctl worker list --json

# Inspect worker as JSON
ampctl worker inspect worker-01 --json

# Extract specific fields with jq
ampctl worker list --json | jq -r '.workers[] | "\(.node_id): \(.heartbeat_at)"'
ampctl worker inspect worker-01 --json | jq -r '.info.version'
