# Get detailed worker information
ampctl worker inspect worker-01
ampctl worker get worker-01  # alias
