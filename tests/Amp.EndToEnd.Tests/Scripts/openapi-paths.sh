# List workers endpoint
curl -s ${AMP_ADMIN_URL:-http://localhost:1610}/openapi.json | jq '.paths["/workers"]'

# Get worker endpoint
curl -s ${AMP_ADMIN_URL:-http://localhost:1610}/openapi.json | jq '.paths["/workers/{id}"]'
