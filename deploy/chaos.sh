#!/usr/bin/env bash
# The chaos run: the whole system on a PostgreSQL and RabbitMQ of its own (data under .local/chaos, ports 56432 and
# 56672, so the instance everyone else uses is never stopped), emergency calls coming in throughout, each service
# killed with kill -9 and restarted in turn, then RabbitMQ and PostgreSQL restarted. Checks from the stores that every
# activation reached an offer or an escalation, nothing accepted was lost, no worker was offered a dispatch twice and
# no timer fired twice in effect; writes docs/reliability.md and exits non-zero when an assertion fails.
#   deploy/chaos.sh            (about 6 minutes on 2 cores)
#   deploy/chaos.sh ha         the clustered run on deploy/ha.sh's infrastructure (started if not running, stopped after
#                              if this started it; the demo's services there are stopped): one instance of each service
#                              killed, two RabbitMQ nodes stopped in turn, the PostgreSQL primary killed; no webhook may
#                              need a retry and offers must flow again within a minute; writes its own section of docs/reliability.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

build() {
  for project in deploy/TwilioStandIn services/CardLookup services/CrisisIntake services/Rostering services/Escalation services/Console; do
    dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
  done
}

if [ "${1:-}" = ha ]; then
  ha_state="${CERS_HA_STATE_DIR:-$root/.local-ha}"
  export CERS_STATE_DIR="$ha_state/chaos"
  # Two instances of everything share the two cores: calls at 2 a second, not 4.
  export CERS_CHAOS_RATE="${CERS_CHAOS_RATE:-2}"
  mkdir -p "$CERS_STATE_DIR"
  deploy/ha.sh stop-services
  status=$(deploy/ha.sh status)
  if grep -q "haproxy: running" <<<"$status"; then started=0; else started=1; fi
  deploy/ha.sh infra-up
  [ "$started" = 1 ] && trap 'deploy/ha.sh infra-down' EXIT
  build
  dotnet run -c Release --project tests/Benchmarks -- chaos ha
  exit
fi
export CERS_STATE_DIR="${CERS_CHAOS_STATE_DIR:-$root/.local/chaos}"
export CERS_PG_PORT="${CERS_CHAOS_PG_PORT:-56432}" CERS_AMQP_PORT="${CERS_CHAOS_AMQP_PORT:-56672}"
export CERS_RABBIT_DIST_PORT="${CERS_CHAOS_RABBIT_DIST_PORT:-56673}" CERS_EPMD_PORT="${CERS_CHAOS_EPMD_PORT:-56369}"

deploy/infra.sh up
# Stop only this run's own instance (the overrides above point infra.sh at it), however the run ends.
trap 'deploy/infra.sh down' EXIT
while IFS= read -r line; do export "${line//\"/}"; done < <(deploy/infra.sh env)

build
dotnet run -c Release --project tests/Benchmarks -- chaos
