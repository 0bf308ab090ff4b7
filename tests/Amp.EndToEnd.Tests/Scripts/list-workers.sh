# Basic listing
ampctl worker list
ampctl worker ls  # alias
