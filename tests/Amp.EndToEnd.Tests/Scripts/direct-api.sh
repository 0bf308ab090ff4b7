# List all workers
curl ${AMP_ADMIN_URL:-http://localhost:1610}/workers

# Get worker details
curl ${AMP_ADMIN_URL:-http://localhost:1610}/workers/worker-01
