#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of its kind (Debian 12, .NET 10 SDK, root):
# PostgreSQL server binaries (initdb, postgres) and jq, anvil from npm, then restores NuGet packages.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v jq >/dev/null 2>&1 || need+=(jq)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing ${need[*]}: install them (sudo apt-get install ${need[*]}) or run setup.sh as root" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "the postgres system user is missing; installing postgresql creates it" >&2
  exit 1
fi
# anvil (Foundry's local EVM node) for the extraction tests, from the committed lock file.
if [ ! -d tools/anvil/node_modules ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js 20+ with npm (apt-get install nodejs npm)" >&2
    exit 1
  fi
  npm ci --prefix tools/anvil --no-audit --no-fund --loglevel=error >/dev/null
fi
dotnet restore Amp.slnx -nologo -v quiet
