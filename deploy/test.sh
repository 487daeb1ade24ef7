#!/usr/bin/env bash
# Runs every test: unit, integration and end-to-end, against the local PostgreSQL and RabbitMQ
# (started here when they are not already running, and stopped again afterwards if this script started them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

was_running=$(deploy/infra.sh status 2>/dev/null || true)
deploy/infra.sh up
stop_infra() { if ! grep -q "postgres: running" <<<"$was_running" || ! grep -q "rabbitmq: running" <<<"$was_running"; then deploy/infra.sh down; fi; }
trap stop_infra EXIT

# End-to-end tests drive Debian's Chromium through Playwright (browsers cannot be downloaded here).
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# The Twilio contract tests run Prism (a validating mock of Twilio's OpenAPI description) from a project-local npm folder.
if [ -f tests/tools/prism/package.json ]; then
  npm ci --prefix tests/tools/prism --no-audit --no-fund --loglevel=error >/dev/null
fi

while IFS= read -r line; do export "${line//\"/}"; done < <(deploy/infra.sh env)
export RabbitMq__VirtualHost=cers-tests
deploy/infra.sh reset-vhost "$RabbitMq__VirtualHost"

dotnet build Cers.Dispatch.sln --nologo -v quiet -clp:ErrorsOnly
# The production manifests: rendered and checked (replicas, probes, disruption budgets, spread, secrets), no cluster needed.
deploy/k8s/lint.sh

log=$(mktemp)
status=0
rm -rf .local/test-logs
# Tests that stop PostgreSQL or RabbitMQ run after everything else, alone.
dotnet test Cers.Dispatch.sln --no-build --nologo --filter "Category!=Faults" 2>&1 | tee -a "$log" || status=$?
dotnet test Cers.Dispatch.sln --no-build --nologo --filter "Category=Faults" 2>&1 | tee -a "$log" || status=$?

# Each hosted service logs to .local/test-logs/{schema}.log; a failed run shows their warnings here.
if [ "$status" -ne 0 ] && [ -d .local/test-logs ]; then
  echo "--- warnings the hosted services logged (the last 15 of each; the full logs are in .local/test-logs) ---"
  for file in .local/test-logs/*.log; do
    warnings=$(grep -E '^[0-9:.]+ (Warning|Error|Critical) ' "$file" | tail -15 | cut -c1-300 || true)
    if [ -n "$warnings" ]; then echo "## $(basename "$file" .log)"; echo "$warnings"; fi
  done | head -600
fi

# CI shows only the end of this output, so the failed tests and their messages come last, just before the totals.
if [ "$status" -ne 0 ]; then
  echo "--- failed tests ---"
  awk '/^ +Failed [^!]/ { keep = 1; lines = 0 } /^ +Stack Trace:/ { keep = 0 } keep && lines++ < 14 { print substr($0, 1, 400) }' "$log"
fi

awk '/(Passed|Failed)! +- Failed: /{ gsub(",", ""); f+=$4; p+=$6; s+=$8 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
