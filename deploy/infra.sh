#!/usr/bin/env bash
# Local PostgreSQL 15 and RabbitMQ 3.10 for development and tests, from Debian's packages,
# on 127.0.0.1 with data under .local/ (ignored by git). Nothing here touches a system-wide instance.
# A second instance beside the first: CERS_STATE_DIR, CERS_PG_PORT, CERS_AMQP_PORT, CERS_RABBIT_DIST_PORT, CERS_EPMD_PORT;
# CERS_DATABASE names the database (default cers) that `up` creates and `env` points at.
#   deploy/infra.sh up | down | status | env
#   deploy/infra.sh reset-vhost NAME | delete-vhost NAME   (an empty RabbitMQ virtual host, e.g. one per test fixture)
#   deploy/infra.sh stop-rabbitmq | start-rabbitmq | restart-rabbitmq | stop-postgres | start-postgres | restart-postgres
#   deploy/infra.sh rabbitmq-counters   (the node's message counters since it started, for the benchmark harness)
# CERS_PG_USER is the role `env` connects as (default postgres; the benchmark harness gives each service its own).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="${CERS_STATE_DIR:-$root/.local}"
pg_port="${CERS_PG_PORT:-55432}"
amqp_port="${CERS_AMQP_PORT:-55672}"
dist_port="${CERS_RABBIT_DIST_PORT:-55673}"
epmd_port="${CERS_EPMD_PORT:-54369}"
database="${CERS_DATABASE:-cers}"
pg_bin=/usr/lib/postgresql/15/bin
rabbit_bin=/usr/lib/rabbitmq/bin
pg_data="$state/postgres"
rabbit_dir="$state/rabbitmq"

log() { echo "[infra] $*" >&2; }

install_packages() {
  local missing=()
  [ -x "$pg_bin/pg_ctl" ] || missing+=(postgresql-15)
  [ -x "$rabbit_bin/rabbitmq-server" ] || missing+=(rabbitmq-server)
  # The console sets the handover pack's PDF in DejaVu Sans.
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

as_user() { local user=$1; shift; if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi; }

rabbit() {
  as_user rabbitmq env HOME="$rabbit_dir" \
    RABBITMQ_NODENAME="cers@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$amqp_port" \
    RABBITMQ_DIST_PORT="$dist_port" \
    ERL_EPMD_PORT="$epmd_port" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$rabbit_dir/mnesia" \
    RABBITMQ_LOG_BASE="$rabbit_dir/log" \
    RABBITMQ_CONFIG_FILE="$rabbit_dir/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_dir/enabled_plugins" \
    RABBITMQ_PID_FILE="$rabbit_dir/rabbitmq.pid" \
    "$rabbit_bin/$1" "${@:2}"
}

pg_running() { [ -f "$pg_data/postmaster.pid" ] && as_user postgres "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }
rabbit_running() { [ -d "$rabbit_dir" ] && rabbit rabbitmqctl -q status >/dev/null 2>&1; }

# Our ports lie in Linux's ephemeral range, so the kernel may give one to an outgoing connection (a pooled client's, held
# for minutes), and PostgreSQL or RabbitMQ restarting behind it cannot listen. Reserved, no outgoing connection gets them.
# Needs root; otherwise the retries in start_rabbitmq are all there is.
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports
  [ -w "$file" ] || return 0
  local current; current=$(cat "$file")
  echo "${current:+$current,}$pg_port,$amqp_port,$dist_port,$epmd_port" >"$file" 2>/dev/null || true
}

start_postgres() {
  mkdir -p "$state"; chmod 755 "$state"
  reserve_ports
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $pg_data"
    mkdir -p "$pg_data"; chown postgres:postgres "$pg_data"; chmod 700 "$pg_data"
    as_user postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_data'
max_connections = 300
fsync = on
shared_buffers = 256MB
CONF
  fi
  # The benchmark harness counts each service's statements; loaded at start, so added to older data directories too.
  grep -q "^shared_preload_libraries" "$pg_data/postgresql.conf" \
    || echo "shared_preload_libraries = 'pg_stat_statements'" >>"$pg_data/postgresql.conf"
  if pg_running; then log "PostgreSQL already running on 127.0.0.1:$pg_port"; return; fi
  as_user postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 start >/dev/null
  as_user postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$database'" | grep -q 1 \
    || as_user postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $database" >/dev/null
  log "PostgreSQL up on 127.0.0.1:$pg_port"
}

stop_postgres() {
  if pg_running; then as_user postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null; log "PostgreSQL stopped"; fi
}

start_rabbitmq() {
  mkdir -p "$state" "$rabbit_dir/mnesia" "$rabbit_dir/log"; chmod 755 "$state"
  [ -f "$rabbit_dir/rabbitmq.conf" ] || printf 'loopback_users = none\nlisteners.tcp.default = %s\n' "$amqp_port" >"$rabbit_dir/rabbitmq.conf"
  [ -f "$rabbit_dir/enabled_plugins" ] || echo '[].' >"$rabbit_dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$rabbit_dir"
  if rabbit_running; then log "RabbitMQ already running on 127.0.0.1:$amqp_port"; return; fi
  reserve_ports
  # Without reserve_ports, an outgoing connection can hold our port for a moment; RabbitMQ then stops at once with
  # could_not_start_listener, and a second start a few seconds later usually finds the port free.
  for attempt in 1 2 3; do
    rm -f "$rabbit_dir/log/erl_crash.dump"
    rabbit rabbitmq-server -detached
    for _ in $(seq 1 120); do
      if rabbit rabbitmqctl -q await_startup --timeout 1 >/dev/null 2>&1; then
        log "RabbitMQ up on 127.0.0.1:$amqp_port"; return
      fi
      if grep -qs could_not_start_listener "$rabbit_dir/log/erl_crash.dump"; then break; fi
      sleep 0.5
    done
    grep -qs could_not_start_listener "$rabbit_dir/log/erl_crash.dump" || break
    log "RabbitMQ could not listen on $amqp_port (attempt $attempt); trying again"
    sleep 3
  done
  log "RabbitMQ did not start; see $rabbit_dir/log"; exit 1
}

stop_rabbitmq() {
  if rabbit_running; then rabbit rabbitmqctl -q stop >/dev/null 2>&1 || true; log "RabbitMQ stopped"; fi
  # epmd outlives the node. It runs as "epmd -daemon" with its port in the environment, so ours is the one whose
  # environment names our port (another project's epmd on the default port is left alone).
  local pid
  for pid in $(pgrep -u rabbitmq -x epmd 2>/dev/null); do
    # An epmd that has just exited has no environ left to read: nothing to stop.
    if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -qx "ERL_EPMD_PORT=$epmd_port"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
}

reset_vhost() {
  local vhost=$1
  rabbit rabbitmqctl -q delete_vhost "$vhost" >/dev/null 2>&1 || true
  rabbit rabbitmqctl -q add_vhost "$vhost" >/dev/null
  rabbit rabbitmqctl -q set_permissions -p "$vhost" guest ".*" ".*" ".*" >/dev/null
}

# Each service's pool stops at 10 connections (CERS_PG_POOL to change it): on two cores more PostgreSQL backends add no
# throughput, only contention. At 40, a burst of 500 calls had crisis intake's webhooks work 40 backends at once and
# PostgreSQL spent about 1.05 CPU seconds answering them, 0.5 to 0.65 at 10: the queue for a connection is better kept in
# the service, where waiting costs nothing. Loopback needs no TLS, so none is tried.
print_env() {
  cat <<ENV
ConnectionStrings__Marten="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=${CERS_PG_USER:-postgres};Maximum Pool Size=${CERS_PG_POOL:-10};SSL Mode=Disable"
RabbitMq__Host=127.0.0.1
RabbitMq__Port=$amqp_port
ENV
}

case "${1:-up}" in
  up) install_packages; start_postgres; start_rabbitmq ;;
  down) stop_rabbitmq; stop_postgres ;;
  status) pg_running && echo "postgres: running" || echo "postgres: stopped"; rabbit_running && echo "rabbitmq: running" || echo "rabbitmq: stopped" ;;
  env) print_env ;;
  start-postgres) start_postgres ;;
  stop-postgres) stop_postgres ;;
  restart-postgres) stop_postgres; start_postgres ;;
  start-rabbitmq) start_rabbitmq ;;
  stop-rabbitmq) stop_rabbitmq ;;
  restart-rabbitmq) stop_rabbitmq; start_rabbitmq ;;
  reset-vhost) reset_vhost "${2:?vhost name}" ;;
  drop-schemas) shift; for schema in "$@"; do as_user postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$database" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null; done ;;
  delete-vhost) rabbit rabbitmqctl -q delete_vhost "${2:?vhost name}" >/dev/null 2>&1 || true ;;
  rabbitmq-counters) rabbit rabbitmqctl -q eval 'rabbit_global_counters:overview().' ;;
  *) echo "usage: $0 up|down|status|env|start-/stop-/restart-postgres|start-/stop-/restart-rabbitmq" >&2; exit 2 ;;
esac
