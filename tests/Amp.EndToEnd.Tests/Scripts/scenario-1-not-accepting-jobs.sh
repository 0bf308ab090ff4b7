# Step 1: Check if worker is registered
ampctl worker list | grep worker-01

# Step 2: Verify heartbeat is recent (< 10 seconds old)
ampctl worker inspect worker-01

# Step 3: Check worker version matches expected deployment
ampctl worker inspect worker-01 --json | jq -r '.info'

# Common causes:
# - Heartbeat stopped (worker crashed or network issue)
# - Worker running different version
# - Database connection lost
