# Find workers running specific version
TARGET_VERSION="v0.0.22-15-g8b065bde"

ampctl worker list --json | jq -r '.workers[].node_id' | while read worker; do
  version=$(ampctl worker inspect "$worker" --json 2>/dev/null | jq -r '.info.version')
  if [ "$version" = "$TARGET_VERSION" ]; then
    echo "$worker"
  fi
done
