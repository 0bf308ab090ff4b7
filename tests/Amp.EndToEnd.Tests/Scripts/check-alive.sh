# List all workers and check last heartbeat
ampctl worker list

# Workers with recent heartbeats (< 10s ago) are healthy
# Workers with old heartbeats may be stalled or disconnected
