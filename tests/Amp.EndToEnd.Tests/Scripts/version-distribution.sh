# Get version distribution
ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version // "unknown"'
done | sort | uniq -c | sort -rn

# Example output:
#   5 v0.0.22-15-g8b065bde
#   2 v0.0.21-8-ga1b2c3d4
#   1 unknown
