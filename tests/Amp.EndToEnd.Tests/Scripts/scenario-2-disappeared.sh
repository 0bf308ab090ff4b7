# Check last known state
ampctl worker inspect worker-01

# Look for:
# - Last heartbeat timestamp (how long ago did it stop?)
# - Registered vs created timestamps (recent restart pattern?)
# - Version info (was it running expected version?)

# If heartbeat is old (> 60s):
# - Worker process likely crashed or stopped
# - Check worker logs for errors
# - Verify network connectivity to metadata DB
