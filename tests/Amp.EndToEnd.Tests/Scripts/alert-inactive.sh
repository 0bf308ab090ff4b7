# Script to check for inactive workers
#!/bin/bash
THRESHOLD_SECONDS=30

ampctl worker list --json | jq -r '.workers[] |
  select((.heartbeat_at | fromdateiso8601) < (now - '$THRESHOLD_SECONDS')) |
  "ALERT: Worker \(.node_id) inactive since \(.heartbeat_at)"'

# Run this in a cron job or monitoring system
