# Log worker count periodically
while true; do
  count=$(ampctl worker list --json | jq '.workers | length')
  timestamp=$(date -Iseconds)
  echo "$timestamp: $count workers active"
  sleep 60
done
