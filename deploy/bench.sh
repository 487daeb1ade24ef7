#!/usr/bin/env bash
# Runs the benchmark harness against the local PostgreSQL and RabbitMQ and rewrites docs/benchmarks.md.
#   deploy/bench.sh            every scenario (floor first, then card-lookup, counting, surge, timer-lag)
#   deploy/bench.sh surge ...  only the named ones (the floor always runs too)
# The counting scenario runs the whole system on ports 5500+ and reads the RabbitMQ node's own counters, so nothing else
# may use that node meanwhile; it needs pg_stat_statements, which deploy/infra.sh loads (restart-postgres once on an older
# data directory).
# The surge scenario runs the whole system as processes (deploy/run.sh service NAME) on ports 5400+ with a database and
# virtual host of its own; CERS_SURGE_RATE, CERS_SURGE_SECONDS, CERS_SURGE_BURST and CERS_SURGE_WORKERS make it smaller.
# surge-two-instances (only when named) is the same with two instances each of crisis intake, rostering and escalation.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
deploy/infra.sh up
while IFS= read -r line; do export "${line//\"/}"; done < <(deploy/infra.sh env)
export RabbitMq__VirtualHost=cers-bench
deploy/infra.sh reset-vhost "$RabbitMq__VirtualHost"
if [ $# -eq 0 ] || [[ " $* " == *" surge "* ]] || [[ " $* " == *" surge-two-instances "* ]] || [[ " $* " == *" counting "* ]]; then
  for project in deploy/TwilioStandIn services/CardLookup services/CrisisIntake services/Rostering services/Escalation services/Console; do
    dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
  done
fi
dotnet run -c Release --project tests/Benchmarks -- "$@"
