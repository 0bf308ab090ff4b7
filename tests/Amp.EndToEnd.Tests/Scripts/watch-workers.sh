# Watch worker heartbeats in real-time
watch -n 5 'ampctl worker list'

# Press Ctrl+C to stop
