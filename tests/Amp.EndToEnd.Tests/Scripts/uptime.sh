# Time since last restart (registered_at)
ampctl worker inspect worker-01 --json | jq -r '
  (.registered_at | fromdateiso8601) as $reg |
  (now - $reg) / 86400 | floor |
  "Uptime: \(.) days since last restart"'
