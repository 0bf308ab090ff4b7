# Get unique versions across all workers
ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version // "unknown"'
done | sort -u

# Expected output if all workers are on same version:
# v0.0.22-15-g8b065bde

# Multiple lines indicate version mismatch across workers
