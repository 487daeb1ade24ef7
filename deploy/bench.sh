#!/usr/bin/env bash
# Runs the benchmark harness against the local PostgreSQL and RabbitMQ and rewrites docs/benchmarks.md.
#   deploy/bench.sh            every scenario
#   deploy/bench.sh floor ...  only the named ones
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
deploy/infra.sh up
while IFS= read -r line; do export "${line//\"/}"; done < <(deploy/infra.sh env)
export RabbitMq__VirtualHost=cers-bench
deploy/infra.sh reset-vhost "$RabbitMq__VirtualHost"
dotnet run -c Release --project tests/Benchmarks -- "$@"
