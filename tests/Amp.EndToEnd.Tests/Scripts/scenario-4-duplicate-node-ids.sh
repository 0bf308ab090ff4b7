# Verify only one worker per node_id
ampctl worker list --json | jq -r '.workers[].node_id' | sort | uniq -d

# If output is empty: ✓ No duplicate node IDs
# If output shows IDs: ✗ Database integrity issue (shouldn't happen)
