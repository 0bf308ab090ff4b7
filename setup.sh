#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of its kind (Debian 12, .NET 10 SDK, root):
# PostgreSQL server binaries (initdb, postgres), jq and npm when missing, Debian's chromium for the dashboard's
# browser tests when /usr/bin/chromium is missing, Debian's prometheus for promtool (the alert rules' tests) when
# promtool is missing (its server is not left running), anvil from npm (the committed lock file),
# restores NuGet packages and builds ampd and ampctl (src/Ampd/bin/Debug/net10.0/ampd,
# src/Ampctl/bin/Debug/net10.0/ampctl), saying what it does at each step.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing ${need[*]}: install them (sudo apt-get install ${need[*]}) or run setup.sh as root" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  # prometheus is installed only for promtool: without its recommended packages (node exporter, smartmontools,
  # ipmitool… with their services and timers).
  rest=(); for p in "${need[@]}"; do [ "$p" = prometheus ] || rest+=("$p"); done
  apt-get update -qq
  if [ ${#rest[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${rest[@]}" >/dev/null; fi
  if [ ${#rest[@]} -lt ${#need[@]} ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  # On a host with systemd the package starts a Prometheus server (port 9090); stop it and keep it from starting at
  # boot (its node exporter is not installed, but is stopped too if an earlier install brought it).
  if [[ " ${need[*]} " == *" prometheus "* ]] && [ -d /run/systemd/system ]; then
    for unit in prometheus prometheus-node-exporter; do
      if systemctl is-enabled --quiet "$unit" 2>/dev/null || systemctl is-active --quiet "$unit" 2>/dev/null; then
        echo "setup: stopping and disabling $unit (only promtool is needed)"
        systemctl disable --now --quiet "$unit"
      fi
    done
  fi
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "the postgres system user is missing; installing postgresql creates it" >&2
  exit 1
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK is missing: see https://dotnet.microsoft.com/download/dotnet/10.0" >&2
  exit 1
fi
# anvil (Foundry's local EVM node) for the extraction tests, from the committed lock file.
if [ ! -d tools/anvil/node_modules ]; then
  echo "setup: installing anvil from npm (tools/anvil)"
  npm ci --prefix tools/anvil --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "setup: restoring NuGet packages"
dotnet restore Amp.slnx -nologo -v quiet
for project in Ampd Ampctl; do
  echo "setup: building src/$project (the first build takes about a minute)"
  dotnet build "src/$project/$project.csproj" --no-restore -nologo -v quiet -clp:ErrorsOnly
done
echo "setup: done; ampd is src/Ampd/bin/Debug/net10.0/ampd, ampctl is src/Ampctl/bin/Debug/net10.0/ampctl"
