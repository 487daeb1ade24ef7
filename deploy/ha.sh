#!/usr/bin/env bash
# The whole system on clustered infrastructure, on one machine, from Debian's packages (installed when missing): RabbitMQ
# as a three-node cluster with the services' queues as quorum queues; PostgreSQL as a primary and a streaming standby
# managed by Patroni (etcd, three members, as its store) behind HAProxy, whose one address always leads to the primary;
# two instances of every service behind HAProxy, which sends each request to an instance whose /health/ready answers.
# Loopback ports of its own (26500-26599 for the infrastructure, 5600-5699 for the services), state under .local-ha/.
# deploy/run.sh stays the quick single-node start; this is the shape production runs in (deploy/k8s/).
#   deploy/ha.sh [up]      start everything (idempotent), seed the demo data, print where things are; returns
#   deploy/ha.sh down      stop everything this script started, and only that
#   deploy/ha.sh status    what runs: RabbitMQ nodes, Patroni members (leader = primary), HAProxy's view of each backend
#   deploy/ha.sh infra-up | infra-down      only the clustered infrastructure (the HA chaos run starts the services itself)
#   deploy/ha.sh env       the settings the services get (deploy/run.sh service NAME reads them when CERS_INFRA=deploy/ha.sh)
#   deploy/ha.sh start-service NAME a|b | stop-service NAME a|b      one instance, e.g. after kill -9
#   deploy/ha.sh stop-services                                         every service instance, the infrastructure left running
#   deploy/ha.sh stop-rabbitmq N | start-rabbitmq N                    one RabbitMQ node (1, 2 or 3)
#   deploy/ha.sh kill-primary | start-postgres N                       kill -9 the primary's Patroni and PostgreSQL; start node N again
#   deploy/ha.sh primary | reset-vhost NAME
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="${CERS_HA_STATE_DIR:-$root/.local-ha}"
database="${CERS_DATABASE:-cers}"
pg_bin=/usr/lib/postgresql/15/bin
rabbit_bin=/usr/lib/rabbitmq/bin
logs="$state/logs"

# Ports, below Linux's ephemeral range (32768-60999) so that no outgoing connection holds one when it is wanted: PostgreSQL
# primary (HAProxy) 26500; PostgreSQL nodes 26501-2, their Patroni REST APIs 26511-2; etcd clients 26521/23/25, peers
# 26522/24/26; RabbitMQ AMQP 26531-3, distribution 26541-3, epmd 26549; HAProxy's stats page 26550.
pg_front=26500
pg_port() { echo $((26500 + $1)); }
patroni_port() { echo $((26510 + $1)); }
etcd_client() { echo $((26519 + 2 * $1)); }
etcd_peer() { echo $((26520 + 2 * $1)); }
amqp_port() { echo $((26530 + $1)); }
dist_port() { echo $((26540 + $1)); }
epmd_port=26549
stats_port=26550
# Services: HAProxy's front on deploy/run.sh's ports from CERS_PORT_BASE (the address everyone, Twilio included, uses);
# instance a on +10, instance b on +20.
export CERS_PORT_BASE="${CERS_PORT_BASE:-5600}"
base=$CERS_PORT_BASE
services=(card-lookup:1 crisis-intake:2 rostering:3 escalation:4 console:0)
instance_port() { if [ "$2" = a ]; then echo $((base + $1 + 10)); else echo $((base + $1 + 20)); fi; }

log() { echo "[ha] $*" >&2; }
as_user() { local user=$1; shift; if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  [ -x "$pg_bin/pg_ctl" ] || missing+=(postgresql-15)
  [ -x "$rabbit_bin/rabbitmq-server" ] || missing+=(rabbitmq-server)
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v haproxy >/dev/null || missing+=(haproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Started through a shell that writes its own id, then execs: the id recorded is the daemon's, for stopping it (and
# only it) later. The log is opened here, so the logs stay readable by this account only.
daemon() {
  local user=$1 pid_file=$2 log_file=$3; shift 3
  as_user "$user" setsid bash -c 'echo $$ >"$0"; shift; exec "$@"' "$pid_file" - "$@" >>"$log_file" 2>&1 </dev/null &
  for _ in $(seq 1 50); do [ -s "$pid_file" ] && return; sleep 0.1; done
}

stop_pid_file() {
  local pid_file=$1 signal=${2:-TERM}
  if alive "$pid_file"; then
    local pid; pid=$(cat "$pid_file")
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

# --- etcd: three members, Patroni's store (a majority of them keeps the primary's leader key) ---
etcd_cluster() { local i out=(); for i in 1 2 3; do out+=("etcd$i=http://127.0.0.1:$(etcd_peer "$i")"); done; (IFS=,; echo "${out[*]}"); }

start_etcd() {
  local i
  mkdir -p "$state/etcd"; chown etcd:etcd "$state/etcd" 2>/dev/null || true
  for i in 1 2 3; do
    alive "$state/etcd/etcd$i.pid" && continue
    mkdir -p "$state/etcd/etcd$i"; chown -R etcd:etcd "$state/etcd/etcd$i"; chmod 700 "$state/etcd/etcd$i"
    daemon etcd "$state/etcd/etcd$i.pid" "$logs/etcd$i.log" etcd --name "etcd$i" --data-dir "$state/etcd/etcd$i" \
      --listen-client-urls "http://127.0.0.1:$(etcd_client "$i")" --advertise-client-urls "http://127.0.0.1:$(etcd_client "$i")" \
      --listen-peer-urls "http://127.0.0.1:$(etcd_peer "$i")" --initial-advertise-peer-urls "http://127.0.0.1:$(etcd_peer "$i")" \
      --initial-cluster "$(etcd_cluster)" --initial-cluster-token cers-ha --initial-cluster-state new \
      --listen-metrics-urls "" --enable-v2=false
  done
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$(etcd_client 1)/health" 2>/dev/null | grep -q '"health":"true"' && { log "etcd up (3 members)"; return; }
    sleep 0.5
  done
  log "etcd did not become healthy; see $logs/etcd*.log"; exit 1
}

# --- PostgreSQL: Patroni on two nodes, streaming replication, the leader key in etcd ---
patroni_config() {
  local n=$1
  cat <<YAML
scope: cers-ha
name: pg$n
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:$(patroni_port "$n")
  connect_address: 127.0.0.1:$(patroni_port "$n")
etcd3:
  hosts: 127.0.0.1:$(etcd_client 1),127.0.0.1:$(etcd_client 2),127.0.0.1:$(etcd_client 3)
bootstrap:
  dcs:
    # The standby is promoted about ttl seconds after the primary's machine is lost (Patroni's floor is 20).
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 500
        shared_buffers: 256MB
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        shared_preload_libraries: pg_stat_statements
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $state/postgres/pg$n
  bin_dir: $pg_bin
  pgpass: $state/postgres/pg$n.pgpass
  # Loopback only, as deploy/infra.sh: trust, no passwords (production: deploy/k8s/ and its Secrets).
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
  authentication:
    superuser: {username: postgres, password: postgres}
    replication: {username: replicator, password: replicator}
    rewind: {username: postgres, password: postgres}
  parameters:
    unix_socket_directories: $state/postgres
YAML
}

start_patroni() {
  local n=$1
  mkdir -p "$state/postgres"; chown postgres:postgres "$state/postgres"; chmod 700 "$state/postgres"
  alive "$state/postgres/patroni$n.pid" && return
  patroni_config "$n" >"$state/postgres/patroni$n.yml"; chown postgres:postgres "$state/postgres/patroni$n.yml"
  daemon postgres "$state/postgres/patroni$n.pid" "$logs/patroni$n.log" patroni "$state/postgres/patroni$n.yml"
}

patroni_role() { curl -s -m 2 "http://127.0.0.1:$(patroni_port "$1")/patroni" 2>/dev/null | sed -nE 's/.*"role": ?"([a-z_]+)".*/\1/p'; }
primary() { local n; for n in 1 2; do curl -fs -m 2 -o /dev/null "http://127.0.0.1:$(patroni_port "$n")/primary" && { echo "$n"; return; }; done; return 1; }

start_postgres_cluster() {
  start_patroni 1
  for _ in $(seq 1 120); do primary >/dev/null && break; sleep 0.5; done
  primary >/dev/null || { log "no PostgreSQL primary; see $logs/patroni1.log"; exit 1; }
  start_patroni 2
  for _ in $(seq 1 240); do
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:$(patroni_port "$(( 3 - $(primary) ))")/replica" && break
    sleep 0.5
  done
  log "PostgreSQL up: primary pg$(primary), standby $(patroni_role $(( 3 - $(primary) ))) (through HAProxy: 127.0.0.1:$pg_front)"
}

ensure_database() {
  local psql=(as_user postgres psql -h 127.0.0.1 -p "$(pg_port "$(primary)")" -U postgres -tA)
  "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$database'" | grep -q 1 || "${psql[@]}" -qc "CREATE DATABASE $database" >/dev/null
}

# --- RabbitMQ: three nodes, one cluster, one cookie ---
rabbit() {
  local n=$1; shift
  local dir="$state/rabbitmq/node$n"
  as_user rabbitmq env HOME="$dir" \
    RABBITMQ_NODENAME="cers-ha$n@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
    RABBITMQ_DIST_PORT="$(dist_port "$n")" ERL_EPMD_PORT="$epmd_port" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    "$rabbit_bin/$1" "${@:2}"
}
rabbit_running() { [ -d "$state/rabbitmq/node$1" ] && rabbit "$1" rabbitmqctl -q status >/dev/null 2>&1; }

start_rabbit_node() {
  local n=$1 dir="$state/rabbitmq/node$1"
  mkdir -p "$dir/mnesia" "$dir/log"; chmod 755 "$state" "$state/rabbitmq"
  [ -s "$state/rabbitmq/cookie" ] || head -c 30 /dev/urandom | base64 | tr -dc A-Za-z0-9 >"$state/rabbitmq/cookie"
  cp "$state/rabbitmq/cookie" "$dir/.erlang.cookie"; chmod 400 "$dir/.erlang.cookie"
  # A node stopped while its peers ran waits for them at start rather than forming a cluster of its own.
  printf 'loopback_users = none\nlisteners.tcp.default = %s\ncluster_partition_handling = pause_minority\n' "$(amqp_port "$n")" >"$dir/rabbitmq.conf"
  [ -f "$dir/enabled_plugins" ] || echo '[].' >"$dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$dir"
  rabbit_running "$n" && return
  for attempt in 1 2 3; do
    rm -f "$dir/log/erl_crash.dump"
    rabbit "$n" rabbitmq-server -detached
    for _ in $(seq 1 240); do
      rabbit "$n" rabbitmqctl -q await_startup --timeout 1 >/dev/null 2>&1 && return
      grep -qs could_not_start_listener "$dir/log/erl_crash.dump" && break
      sleep 0.5
    done
    grep -qs could_not_start_listener "$dir/log/erl_crash.dump" || break
    log "RabbitMQ node $n could not listen (attempt $attempt); trying again"; sleep 3
  done
  log "RabbitMQ node $n did not start; see $dir/log"; exit 1
}

start_rabbitmq_cluster() {
  local n
  start_rabbit_node 1
  for n in 2 3; do
    start_rabbit_node "$n"
    if ! rabbit "$n" rabbitmqctl -q cluster_status 2>/dev/null | grep -q "cers-ha1@localhost"; then
      rabbit "$n" rabbitmqctl -q stop_app >/dev/null
      rabbit "$n" rabbitmqctl -q join_cluster cers-ha1@localhost >/dev/null
      rabbit "$n" rabbitmqctl -q start_app >/dev/null
    fi
  done
  log "RabbitMQ up: three-node cluster on 127.0.0.1:$(amqp_port 1),$(amqp_port 2),$(amqp_port 3)"
}

# By the node's process, not its status: the last node up in a cluster being stopped pauses (pause_minority) and
# answers no status, but must stop all the same.
stop_rabbit_node() {
  local n=$1 pid_file="$state/rabbitmq/node$1/rabbitmq.pid"
  alive "$pid_file" || return 0
  rabbit "$n" rabbitmqctl -q stop >/dev/null 2>&1 || true
  stop_pid_file "$pid_file"
}

stop_epmd() {
  local pid
  for pid in $(pgrep -u rabbitmq -x epmd 2>/dev/null); do
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "ERL_EPMD_PORT=$epmd_port" && kill "$pid" 2>/dev/null || true
  done
}

reset_vhost() {
  local vhost=$1 n
  for n in 1 2 3; do rabbit_running "$n" && break; done
  rabbit "$n" rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rabbit "$n" rabbitmqctl -q add_vhost "$vhost" >/dev/null
  rabbit "$n" rabbitmqctl -q set_permissions -p "$vhost" guest ".*" ".*" ".*" >/dev/null
}

# --- HAProxy: the primary's address and one front per service ---
haproxy_config() {
  local entry name offset
  cat <<CFG
global
  maxconn 4000
  log stdout format raw local0 warning
defaults
  log global
  timeout connect 2s
  timeout client 10m
  timeout server 10m
  timeout check 2s
listen stats
  mode http
  bind 127.0.0.1:$stats_port
  stats enable
  stats uri /
# Patroni answers 200 on /primary only on the primary: the standby is never sent a write. Connections to a node that
# stops being primary are cut at once, so pools open new ones (to the new primary) instead of waiting on dead sockets.
listen postgres-primary
  mode tcp
  bind 127.0.0.1:$pg_front
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:$(pg_port 1) check port $(patroni_port 1)
  server pg2 127.0.0.1:$(pg_port 2) check port $(patroni_port 2)
CFG
  for entry in "${services[@]}"; do
    IFS=: read -r name offset <<<"$entry"
    # A request that found an instance dead (refused, reset, no answer) is sent to the other one: the instances take
    # every request more than once safely (Twilio's CallSid and MessageSid, message ids), as they must for Twilio's own retries.
    cat <<CFG
listen $name
  mode http
  bind 127.0.0.1:$((base + offset))
  option httpchk GET /health/ready
  http-check expect status 200
  option http-buffer-request
  option redispatch
  retries 3
  retry-on conn-failure empty-response junk-response response-timeout 502 503 504
  timeout server 30s
  default-server inter 1s fall 2 rise 2
  server a 127.0.0.1:$(instance_port "$offset" a) check
  server b 127.0.0.1:$(instance_port "$offset" b) check
CFG
  done
}

start_haproxy() {
  haproxy_config >"$state/haproxy.cfg"
  haproxy -c -q -f "$state/haproxy.cfg"
  if alive "$state/haproxy.pid"; then
    kill -USR2 "$(cat "$state/haproxy.pid")" 2>/dev/null || true
    return
  fi
  daemon root "$state/haproxy.pid" "$logs/haproxy.log" haproxy -W -f "$state/haproxy.cfg"
  log "HAProxy up: PostgreSQL primary on 127.0.0.1:$pg_front, stats on http://127.0.0.1:$stats_port/"
}

print_env() {
  cat <<ENV
ConnectionStrings__Marten="Host=127.0.0.1;Port=$pg_front;Database=$database;Username=${CERS_PG_USER:-postgres};Maximum Pool Size=${CERS_PG_POOL:-10};SSL Mode=Disable"
RabbitMq__Host=127.0.0.1
RabbitMq__Port=$(amqp_port 1)
RabbitMq__Nodes=127.0.0.1:$(amqp_port 1),127.0.0.1:$(amqp_port 2),127.0.0.1:$(amqp_port 3)
RabbitMq__QuorumQueues=true
ENV
}

infra_up() {
  mkdir -p "$state" "$logs"; chmod 755 "$state"; chmod 700 "$logs"
  install_packages
  start_etcd
  start_postgres_cluster
  start_rabbitmq_cluster
  start_haproxy
  ensure_database
}

# --- the services: deploy/run.sh service NAME, two instances each ---
offset_of() { local e n o; for e in "${services[@]}"; do IFS=: read -r n o <<<"$e"; [ "$n" = "$1" ] && { echo "$o"; return; }; done; echo "no service $1" >&2; exit 2; }

start_service() {
  local name=$1 instance=$2 port pid_file
  port=$(instance_port "$(offset_of "$name")" "$instance")
  pid_file="$state/$name-$instance.pid"
  alive "$pid_file" && return
  # run.sh execs dotnet, so the id recorded is the service's own.
  CERS_INFRA=deploy/ha.sh CERS_STATE_DIR="$state" CERS_LISTEN_PORT="$port" setsid bash -c 'echo $$ >"$0"; exec deploy/run.sh service "$1"' \
    "$pid_file" "$name" >>"$logs/$name-$instance.log" 2>&1 </dev/null &
  for _ in $(seq 1 50); do [ -s "$pid_file" ] && return; sleep 0.1; done
}

wait_ready() {
  local url=$1 what=$2
  for _ in $(seq 1 360); do curl -fsS -m 2 "$url" >/dev/null 2>&1 && return; sleep 0.5; done
  log "$what did not become ready; see $logs"; exit 1
}

services_up() {
  local entry name offset instance
  log "building"
  local project
  for project in deploy/TwilioStandIn services/CardLookup services/CrisisIntake services/Rostering services/Escalation services/Console; do
    dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
  done
  alive "$state/twilio-stand-in.pid" || CERS_INFRA=deploy/ha.sh CERS_STATE_DIR="$state" setsid bash -c 'echo $$ >"$0"; exec deploy/run.sh service twilio-stand-in' \
    "$state/twilio-stand-in.pid" >>"$logs/twilio-stand-in.log" 2>&1 </dev/null &
  # Instance a of each first, one after the other: each applies its schema under one migration lock.
  for instance in a b; do
    for entry in "${services[@]}"; do
      IFS=: read -r name offset <<<"$entry"
      start_service "$name" "$instance"
      [ "$instance" = a ] && wait_ready "http://127.0.0.1:$(instance_port "$offset" a)/health/ready" "$name a"
    done
  done
  for entry in "${services[@]}"; do
    IFS=: read -r name offset <<<"$entry"
    wait_ready "http://127.0.0.1:$(instance_port "$offset" b)/health/ready" "$name b"
  done
  log "every service up twice behind HAProxy"
}

seed_demo() {
  local name
  for name in card-lookup rostering console; do
    CERS_INFRA=deploy/ha.sh CERS_STATE_DIR="$state" deploy/run.sh service "$name" seed-demo >"$logs/$name.seed.log" 2>&1 \
      || { log "seeding $name failed; see $logs/$name.seed.log"; exit 1; }
    tail -n 3 "$logs/$name.seed.log" | sed "s/^/[seed $name] /"
  done
  if [ ! -s "$state/demo-partner-key" ]; then
    CERS_INFRA=deploy/ha.sh CERS_STATE_DIR="$state" deploy/run.sh service crisis-intake add-partner-agency demo-ambulance "Demo Ambulance Service" \
      2>"$logs/crisis-intake.partner.log" | grep -E "^cers_" | tail -n 1 >"$state/demo-partner-key" \
      || { rm -f "$state/demo-partner-key"; log "registering the demo partner agency failed; see $logs/crisis-intake.partner.log"; exit 1; }
    chmod 600 "$state/demo-partner-key"
  fi
}

services_down() {
  local f
  for f in "$state"/*-[ab].pid "$state/twilio-stand-in.pid"; do [ -e "$f" ] && stop_pid_file "$f"; done
  return 0
}

infra_down() {
  local n
  [ -d "$state" ] || return 0
  stop_pid_file "$state/haproxy.pid"
  for n in 3 2 1; do stop_rabbit_node "$n"; done
  stop_epmd
  for n in 2 1; do stop_pid_file "$state/postgres/patroni$n.pid"; done
  for n in 1 2; do
    [ -f "$state/postgres/pg$n/postmaster.pid" ] && as_user postgres "$pg_bin/pg_ctl" -D "$state/postgres/pg$n" -m fast -w stop >/dev/null 2>&1 || true
  done
  for n in 1 2 3; do stop_pid_file "$state/etcd/etcd$n.pid"; done
  log "clustered infrastructure stopped"
}

kill_primary() {
  local n; n=$(primary) || { log "no primary to kill"; exit 1; }
  local postmaster; postmaster=$(head -n 1 "$state/postgres/pg$n/postmaster.pid")
  kill -KILL "$(cat "$state/postgres/patroni$n.pid")" "$postmaster" 2>/dev/null || true
  pkill -KILL -P "$postmaster" 2>/dev/null || true
  rm -f "$state/postgres/patroni$n.pid"
  echo "$n"
}

status() {
  local n entry name offset i
  for n in 1 2 3; do rabbit_running "$n" && echo "rabbitmq node $n: running" || echo "rabbitmq node $n: stopped"; done
  for n in 1 2; do echo "postgres pg$n: $(patroni_role "$n" || true)"; done
  alive "$state/haproxy.pid" && echo "haproxy: running" || echo "haproxy: stopped"
  for entry in "${services[@]}"; do
    IFS=: read -r name offset <<<"$entry"
    for i in a b; do alive "$state/$name-$i.pid" && echo "$name $i: running" || echo "$name $i: stopped"; done
  done
}

case "${1:-up}" in
  up)
    infra_up
    services_up
    seed_demo
    cat <<INFO

Cers.Dispatch is running on clustered infrastructure (deploy/ha.sh down stops it).
  Console                              http://127.0.0.1:$base   (coordinator, supervisor or admin; password $(cat "$state/demo-password"))
  Partner API key (X-Api-Key)          $(cat "$state/demo-partner-key")
  Card lookup / intake / rostering / escalation   http://127.0.0.1:$((base + 1)) / $((base + 2)) / $((base + 3)) / $((base + 4))
    (HAProxy; instances a on +10, b on +20)
  Twilio stand-in                      http://127.0.0.1:$((base + 99))/stand-in/messages
  PostgreSQL primary (HAProxy)         127.0.0.1:$pg_front   (nodes $(pg_port 1), $(pg_port 2); Patroni $(patroni_port 1), $(patroni_port 2))
  RabbitMQ cluster                     127.0.0.1:$(amqp_port 1), $(amqp_port 2), $(amqp_port 3)
  HAProxy stats                        http://127.0.0.1:$stats_port/
  Logs                                 $logs
INFO
    ;;
  down) services_down; infra_down ;;
  stop-services) services_down ;;
  status) status ;;
  env) print_env ;;
  infra-up) infra_up ;;
  infra-down) infra_down ;;
  start-service) start_service "${2:?service}" "${3:?a or b}" ;;
  stop-service) stop_pid_file "$state/${2:?service}-${3:?a or b}.pid" ;;
  stop-rabbitmq) stop_rabbit_node "${2:?node 1, 2 or 3}" ;;
  start-rabbitmq) start_rabbit_node "${2:?node 1, 2 or 3}" ;;
  kill-primary) kill_primary ;;
  start-postgres) start_patroni "${2:?node 1 or 2}" ;;
  primary) primary || true ;;
  reset-vhost) reset_vhost "${2:?vhost name}" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
