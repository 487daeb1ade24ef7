#!/usr/bin/env bash
# Runs the whole system locally: PostgreSQL and RabbitMQ (installed from Debian's packages if missing), every service
# and the console, with demo data. Ctrl-C stops what this script started, and only that.
#   deploy/run.sh          start and stay in the foreground
#   deploy/run.sh down     stop what an earlier deploy/run.sh started (e.g. from another terminal)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="$root/.local"
pids_file="$state/run.pids"
logs="$state/logs"

# name:port:project
services=(
  "card-lookup:5101:CardLookup"
  "crisis-intake:5102:CrisisIntake"
  "rostering:5103:Rostering"
  "escalation:5104:Escalation"
  "console:5100:Console"
)

stop_services() {
  [ -f "$pids_file" ] || return 0
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; echo "[run] stopped $name ($pid)"; fi
  done <"$pids_file"
  rm -f "$pids_file"
}

if [ "${1:-}" = "down" ]; then
  stop_services
  if [ -f "$state/run.started-infra" ]; then deploy/infra.sh down; rm -f "$state/run.started-infra"; fi
  exit 0
fi

mkdir -p "$state" "$logs"
if [ -f "$pids_file" ]; then stop_services; fi
if deploy/infra.sh status 2>/dev/null | grep -q stopped; then started_infra=1; else started_infra=0; fi
deploy/infra.sh up
[ "$started_infra" = 1 ] && touch "$state/run.started-infra"

shutdown() {
  trap - INT TERM EXIT
  echo
  stop_services
  if [ -f "$state/run.started-infra" ]; then deploy/infra.sh down; rm -f "$state/run.started-infra"; fi
  exit 0
}
trap shutdown INT TERM EXIT

while IFS= read -r line; do export "${line//\"/}"; done < <(deploy/infra.sh env)
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
for s in "${services[@]}"; do
  IFS=: read -r name port _ <<<"$s"
  key=$(echo "$name" | sed -E 's/(^|-)([a-z])/\U\2/g')
  export "Services__${key}=http://127.0.0.1:$port"
done

echo "[run] building"
dotnet build Cers.Dispatch.sln -c Release --nologo -v quiet -clp:ErrorsOnly

dll() { echo "$root/services/$1/bin/Release/net10.0/Cers.Dispatch.$1.dll"; }

: >"$pids_file"
for s in "${services[@]}"; do
  IFS=: read -r name port project <<<"$s"
  dotnet "$(dll "$project")" --urls "http://127.0.0.1:$port" >"$logs/$name.log" 2>&1 &
  echo "$! $name" >>"$pids_file"
done

for s in "${services[@]}"; do
  IFS=: read -r name port _ <<<"$s"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { echo "[run] $name did not become ready; see $logs/$name.log"; exit 1; }
done

echo "[run] seeding demo data"
for s in "${services[@]}"; do
  IFS=: read -r name _ project <<<"$s"
  if grep -q '"seed-demo"' "$root/services/$project/Program.cs" 2>/dev/null; then
    dotnet "$(dll "$project")" seed-demo >"$logs/$name.seed.log" 2>&1 || { echo "[run] seeding $name failed; see $logs/$name.seed.log"; exit 1; }
    tail -n 5 "$logs/$name.seed.log" | sed "s/^/[seed $name] /"
  fi
done

cat <<INFO

Cers.Dispatch is running.
  Console (coordinators, supervisors)  http://127.0.0.1:5100
  Card lookup                          http://127.0.0.1:5101
  Crisis intake (partner API, Twilio)  http://127.0.0.1:5102
  Rostering                            http://127.0.0.1:5103
  Escalation timers                    http://127.0.0.1:5104
  PostgreSQL    $ConnectionStrings__Marten
  RabbitMQ      amqp://guest:guest@127.0.0.1:$RabbitMq__Port/
  Logs          $logs
Press Ctrl-C to stop everything this started (or run deploy/run.sh down).
INFO
wait
