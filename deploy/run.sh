#!/usr/bin/env bash
# Runs the whole system locally: PostgreSQL and RabbitMQ (installed from Debian's packages if missing), every service
# and the console, with demo data. Ctrl-C stops what this script started, and only that.
#   deploy/run.sh          start and stay in the foreground
#   deploy/run.sh down     stop what an earlier deploy/run.sh started (e.g. from another terminal)
#   deploy/run.sh reset    clear the demo (activations, offers, alarms, the board) for a fresh deploy/run.sh
#   deploy/run.sh token [--role coordinator|supervisor|administrator] [--name NAME] [--minutes N]
#                          print a bearer token for calling the APIs yourself, e.g.
#                          curl -H "Authorization: Bearer $(deploy/run.sh token --role supervisor)" http://127.0.0.1:5104/timers
#   deploy/run.sh service NAME [ARGS...]   one service in the foreground with the environment the others get, nothing
#                          else (no build, no infrastructure): the benchmark and chaos harnesses start, kill -9 and restart
#                          services this way; ARGS go first on its command line (e.g. `seed-demo --carers 2000`);
#                          CERS_LISTEN_PORT makes it listen elsewhere than its address (deploy/ha.sh: two instances behind
#                          HAProxy), CERS_INFRA=deploy/ha.sh gives it the clustered infrastructure's settings
# Overrides, for a second system beside the first: CERS_PORT_BASE (default 5100: console +0, card lookup +1, intake +2,
# rostering +3, escalation +4, Twilio stand-in +99), CERS_STATE_DIR (default .local: logs, pids, signing key; also read by
# deploy/infra.sh with CERS_PG_PORT, CERS_AMQP_PORT, CERS_DATABASE), RabbitMq__VirtualHost.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="${CERS_STATE_DIR:-$root/.local}"
pids_file="$state/run.pids"
logs="$state/logs"

# name:port:folder:assembly (the Twilio stand-in answers like Twilio's REST API, so the demo needs no Twilio account)
base="${CERS_PORT_BASE:-5100}"
services=(
  "twilio-stand-in:$((base + 99)):deploy/TwilioStandIn:Cers.Dispatch.TwilioStandIn"
  "card-lookup:$((base + 1)):services/CardLookup:Cers.Dispatch.CardLookup"
  "crisis-intake:$((base + 2)):services/CrisisIntake:Cers.Dispatch.CrisisIntake"
  "rostering:$((base + 3)):services/Rostering:Cers.Dispatch.Rostering"
  "escalation:$((base + 4)):services/Escalation:Cers.Dispatch.Escalation"
  "console:$base:services/Console:Cers.Dispatch.Console"
)

port_of() { local s n p; for s in "${services[@]}"; do IFS=: read -r n p _ <<<"$s"; [ "$n" = "$1" ] && echo "$p"; done; return 0; }
dll() { echo "$root/$1/bin/Release/net10.0/$2.dll"; }

# The environment every service gets: infrastructure, each other's addresses, the signing key, the demo settings.
# The demo's Vonage application key (the Voice API's JWT is signed with it), made once and kept with the other secrets.
vonage_demo_key() {
  local key_file="$state/vonage-demo-key.pem"
  [ -s "$key_file" ] || { openssl genrsa 2048 2>/dev/null > "$key_file"; chmod 600 "$key_file"; }
  cat "$key_file"
}

system_env() {
  local line entry service port key key_file
  while IFS= read -r line; do export "${line//\"/}"; done < <("${CERS_INFRA:-deploy/infra.sh}" env)
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export MASSTRANSIT_USAGE_TELEMETRY=false
  # The services run from the repository root, so watching their content root for configuration changes would watch
  # every file under it, PostgreSQL's data among them; settings come from the environment and change only on restart.
  export DOTNET_hostBuilder__reloadConfigOnChange=false
  for entry in "${services[@]}"; do
    IFS=: read -r service port _ <<<"$entry"
    key=$(echo "$service" | sed -E 's/(^|-)([a-z])/\U\2/g')
    export "Services__${key}=http://127.0.0.1:$port"
  done

  # Demo settings: made-up numbers (Ofcom's drama ranges) and the local Twilio stand-in instead of Twilio.
  # One signing key per installation, shared by every service: services and the console sign the tokens they call each other with.
  key_file="$state/access-signing-key"
  [ -s "$key_file" ] || { mkdir -p "$(dirname "$key_file")"; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$key_file"; chmod 600 "$key_file"; }
  export Access__SigningKey="$(cat "$key_file")"
  # The master key wraps every key that seals personal data: made once and kept, or the data already stored is unreadable.
  key_file="$state/privacy-master-key"
  [ -s "$key_file" ] || { head -c 32 /dev/urandom | base64 | tr -d '\n' > "$key_file"; chmod 600 "$key_file"; }
  export Privacy__MasterKey="$(cat "$key_file")"
  # The demo's console accounts (coordinator, supervisor, admin) share one password, made once and printed at start-up.
  key_file="$state/demo-password"
  [ -s "$key_file" ] || { head -c 12 /dev/urandom | base64 | tr -d '\n/+=' > "$key_file"; chmod 600 "$key_file"; }
  export CERS_DEMO_PASSWORD="$(cat "$key_file")"
  # Plain http on the loopback: the console's cookie cannot be HTTPS-only here.
  export Console__SignIn__SecureCookies=false
  export Paging__Fallback__0__Name="Duty manager (demo)" Paging__Fallback__0__Phone=+447700900999
  export Twilio__AccountSid=AC00000000000000000000000000de0000 Twilio__AuthToken=demo-auth-token
  export Twilio__ApiBaseUrl="http://127.0.0.1:$(port_of twilio-stand-in)" Twilio__FromNumber=+443069990247
  export StandIn__AccountSid="$Twilio__AccountSid" StandIn__AuthToken="$Twilio__AuthToken"
  export StandIn__SmsWebhookUrl="http://127.0.0.1:$(port_of rostering)/twilio/sms/incoming"
  # The phone simulator (the stand-in's /phones) rings crisis intake as Twilio would when the service's number is dialled.
  export StandIn__ServiceNumber="$Twilio__FromNumber" StandIn__VoiceWebhookUrl="http://127.0.0.1:$(port_of crisis-intake)/twilio/voice/incoming"
  # In the demo, the people at the phone simulator answer offers; the benchmark and chaos runs override this with YES.
  export StandIn__AutoReply="${StandIn__AutoReply:-none}"
  # Vonage, the second SMS and voice provider, played by the same stand-in: taken while Twilio fails.
  export Vonage__ApiKey=demo-key Vonage__ApiSecret=demo-secret Vonage__SignatureSecret=demo-vonage-signature-secret
  export Vonage__SmsApiBaseUrl="$Twilio__ApiBaseUrl" Vonage__VoiceApiBaseUrl="$Twilio__ApiBaseUrl" Vonage__FromNumber=+443069990247
  export Vonage__ApplicationId=00000000-0000-4000-8000-000000000247 Vonage__PrivateKey="$(vonage_demo_key)"
  export StandIn__VonageApiKey=demo-key StandIn__VonageApiSecret=demo-secret StandIn__VonageSignatureSecret=demo-vonage-signature-secret
  export StandIn__VonageSmsWebhookUrl="http://127.0.0.1:$(port_of rostering)/vonage/sms/inbound"
  export OnCall__Fallback__0__Name="Duty manager (demo)" OnCall__Fallback__0__Phone=+447700900999 OnCall__Fallback__0__Role=duty-manager
  export Safeguarding__Lead__Name="Safeguarding lead (demo)" Safeguarding__Lead__Phone=+447700900555
  export Safeguarding__Areas__Default__AdultSocialCare__Name="Adult social care (demo)" Safeguarding__Areas__Default__AdultSocialCare__Phone=+443069990001
  export Safeguarding__Areas__Default__ChildrenAdvice__Name="Children's advice and support (demo)" Safeguarding__Areas__Default__ChildrenAdvice__Phone=+443069990002
}

stop_services() {
  [ -f "$pids_file" ] || return 0
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; echo "[run] stopped $name ($pid)"; fi
  done <"$pids_file"
  rm -f "$pids_file"
}

# Rostering believes the X-Forwarded-For of the console (on loopback here), which passes on a worker's phone address
# when it opens a plan link; nobody else's forwarded address is believed anywhere (Network:TrustedProxies).
trusted_proxy() { if [ "$1" = rostering ]; then echo 127.0.0.1; fi; }

if [ "${1:-}" = "down" ]; then
  stop_services
  if [ -f "$state/run.started-infra" ]; then deploy/infra.sh down; rm -f "$state/run.started-infra"; fi
  exit 0
fi

if [ "${1:-}" = "reset" ]; then
  # The demo from scratch: every activation, offer, timer, alarm and board entry gone, and the register, staff and rotas
  # seeded afresh by the next deploy/run.sh (the same demo people: fixed seeds). Keys and the demo password are kept.
  stop_services
  deploy/infra.sh up
  mkdir -p "$state"
  system_env
  deploy/infra.sh drop-schemas card_lookup crisis_intake rostering escalation console
  # Messages still queued for the old activations would otherwise reach the new, empty stores.
  deploy/infra.sh reset-vhost "${RabbitMq__VirtualHost:-/}"
  rm -f "$state/demo-partner-key"
  echo "[run] demo cleared; deploy/run.sh starts it again with fresh demo data"
  exit 0
fi

if [ "${1:-}" = "token" ]; then
  # A bearer token for calling the services' APIs yourself, signed with this installation's key (the system need not be
  # running, but must have been built once by deploy/run.sh).
  shift
  role=coordinator name="Demo operator" minutes=60
  while [ $# -gt 0 ]; do
    case "$1" in
      --role) role="${2:?--role needs coordinator, supervisor or administrator (comma-separated for several)}"; shift 2 ;;
      --name) name="${2:?--name needs a name}"; shift 2 ;;
      --minutes) minutes="${2:?--minutes needs a number}"; shift 2 ;;
      *) echo "usage: deploy/run.sh token [--role coordinator|supervisor|administrator] [--name NAME] [--minutes N]" >&2; exit 2 ;;
    esac
  done
  mkdir -p "$state"
  system_env
  console_dll="$(dll services/Console Cers.Dispatch.Console)"
  [ -f "$console_dll" ] || { echo "[run] build first: deploy/run.sh (or dotnet build deploy/system.slnf -c Release)" >&2; exit 1; }
  exec dotnet "$console_dll" mint-token "$role" "$name" "$minutes" 2> >(grep -v "^\s*$" >&2)
fi

if [ "${1:-}" = "service" ]; then
  name="${2:?usage: deploy/run.sh service NAME [ARGS...]}"
  shift 2
  mkdir -p "$state"
  system_env
  for s in "${services[@]}"; do
    IFS=: read -r n port folder assembly <<<"$s"
    if [ "$n" = "$name" ]; then
      export Twilio__PublicBaseUrl="http://127.0.0.1:$port"
      export Network__TrustedProxies__0="$(trusted_proxy "$name")"
      # Calls answered while PostgreSQL is away are kept here until stored: one folder per instance.
      export PhoneLine__CallJournal="$state/call-journal/${CERS_LISTEN_PORT:-$port}"
      # A command (ARGS) runs and exits: it listens nowhere, and some read their arguments to the end.
      [ $# -gt 0 ] && exec dotnet "$(dll "$folder" "$assembly")" "$@"
      exec dotnet "$(dll "$folder" "$assembly")" --urls "http://127.0.0.1:${CERS_LISTEN_PORT:-$port}"
    fi
  done
  echo "[run] no service named $name" >&2
  exit 2
fi

mkdir -p "$state" "$logs"
# The logs say who called and which activation was worked on: readable by this account only.
chmod 700 "$logs"; chmod 600 "$logs"/*.log 2>/dev/null || true
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

system_env

echo "[run] building"
# Only what runs (deploy/system.slnf): the tests and benchmarks are built by deploy/test.sh when asked for.
dotnet build deploy/system.slnf -c Release --nologo -v quiet -clp:ErrorsOnly

: >"$pids_file"
umask 077
for s in "${services[@]}"; do
  IFS=: read -r name port folder assembly <<<"$s"
  # Twilio signs the URL it called: each service's public base URL is its own address here.
  Twilio__PublicBaseUrl="http://127.0.0.1:$port" Network__TrustedProxies__0="$(trusted_proxy "$name")" PhoneLine__CallJournal="$state/call-journal/$port" \
    dotnet "$(dll "$folder" "$assembly")" --urls "http://127.0.0.1:$port" >"$logs/$name.log" 2>&1 &
  echo "$! $name" >>"$pids_file"
done

for s in "${services[@]}"; do
  IFS=: read -r name port folder _ <<<"$s"
  [ "$folder" = deploy/TwilioStandIn ] && continue
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { echo "[run] $name did not become ready; see $logs/$name.log"; exit 1; }
done

echo "[run] seeding demo data"
for s in "${services[@]}"; do
  IFS=: read -r name _ folder assembly <<<"$s"
  if grep -rqs '"seed-demo"' "$root/$folder" --include=*.cs; then
    dotnet "$(dll "$folder" "$assembly")" seed-demo >"$logs/$name.seed.log" 2>&1 || { echo "[run] seeding $name failed; see $logs/$name.seed.log"; exit 1; }
    tail -n 5 "$logs/$name.seed.log" | sed "s/^/[seed $name] /"
  fi
done

partner_key_file="$state/demo-partner-key"
if [ ! -s "$partner_key_file" ]; then
  dotnet "$(dll services/CrisisIntake Cers.Dispatch.CrisisIntake)" add-partner-agency demo-ambulance "Demo Ambulance Service" 2>"$logs/crisis-intake.partner.log" | grep -E "^cers_" | tail -n 1 >"$partner_key_file" \
    || { echo "[run] registering the demo partner agency failed; see $logs/crisis-intake.partner.log"; exit 1; }
  chmod 600 "$partner_key_file"
fi

cat <<INFO

Cers.Dispatch is running.
  Console (coordinators, supervisors)  http://127.0.0.1:$(port_of console)
    sign in as coordinator, supervisor or admin, password $CERS_DEMO_PASSWORD
  Partner API key (X-Api-Key)          $(cat "$partner_key_file")
  Card lookup                          http://127.0.0.1:$(port_of card-lookup)
  Crisis intake (partner API, Twilio)  http://127.0.0.1:$(port_of crisis-intake)
  Rostering                            http://127.0.0.1:$(port_of rostering)
  Escalation timers                    http://127.0.0.1:$(port_of escalation)
  Phone simulator (999 call, staff)    http://127.0.0.1:$(port_of twilio-stand-in)/phones
    dial the service's number and key a demo card; answer offers on the care workers' phones
  Twilio stand-in (messages sent)      http://127.0.0.1:$(port_of twilio-stand-in)/stand-in/messages
  PostgreSQL    $ConnectionStrings__Marten
  RabbitMQ      amqp://guest:guest@127.0.0.1:$RabbitMq__Port/
  Logs          $logs
Press Ctrl-C to stop everything this started (or run deploy/run.sh down).
INFO
wait
