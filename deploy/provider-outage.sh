#!/usr/bin/env bash
# Measures, on a system started with deploy/run.sh, how an emergency's first offer fares while every SMS provider is
# down: both of the stand-in's providers (Twilio and Vonage) answer 500 for 30 s, then for 10 minutes, and a partner
# agency reports a card each time. Prints, per outage, how long after the report the offer SMS was accepted, how many
# offer SMS went for that activation (1: none burned, none twice) and how many rounds failed before it went.
#   deploy/provider-outage.sh [SECONDS ...]   (default: 30 600)
#   CERS_OUTAGE_PROVIDERS=twilio deploy/provider-outage.sh 30   (Twilio alone down: the offer goes by Vonage at once)
#   CERS_OUTAGE_ANSWER_AFTER=15 CERS_OUTAGE_PROVIDERS=twilio deploy/provider-outage.sh 30   (Twilio takes each SMS but
#   answers 15 s later, past the service's deadline: the offer is found at Twilio, not sent again by either provider)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state="${CERS_STATE_DIR:-$root/.local}"
base="${CERS_PORT_BASE:-5100}"
intake="http://127.0.0.1:$((base + 2))"
stand_in="http://127.0.0.1:$((base + 99))"
key=$(cat "$state/demo-partner-key")
sql() { runuser -u postgres -- psql -h 127.0.0.1 -p "${CERS_PG_PORT:-55432}" -U postgres "${CERS_DATABASE:-cers}" -tAc "$1"; }
# The offer SMS with this code that reached the stand-in, and the providers that carried them.
offers_with() { curl -sf "$stand_in/stand-in/messages" | python3 -c "import sys,json;m=[x['provider'] for x in json.load(sys.stdin) if 'YES $1 ' in x.get('body','')];print(len(m), ','.join(m))"; }

outages=("$@"); [ ${#outages[@]} -gt 0 ] || outages=(30 600)
for seconds in "${outages[@]}"; do
  # A carer with a working card, no activation open and a qualified worker on duty near them (the demo's rota does not
  # cover every area at every hour): a report on them starts a search that reaches a worker's offer.
  code=""
  for try in 1 2 3 4 5 6 7 8 9 10; do
    card=$(sql "select id from card_lookup.mt_doc_cardindex where data->'card'->>'status'='Active' order by random() limit 1")
    for provider in ${CERS_OUTAGE_PROVIDERS:-twilio vonage}; do curl -sf -XPOST "$stand_in/stand-in/outage?provider=$provider&seconds=$seconds${CERS_OUTAGE_ANSWER_AFTER:+&answerAfterSeconds=$CERS_OUTAGE_ANSWER_AFTER}" >/dev/null; done
    started=$(date +%s.%N)
    activation=$(curl -sf -XPOST "$intake/activations" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
      -d "{\"cardNumber\":\"$card\",\"reason\":\"AdmittedToHospital\",\"reportedBy\":{\"agency\":\"Ambulance\",\"name\":\"Outage run\",\"callBackNumber\":\"+447700900655\"}}" \
      | python3 -c 'import sys,json;print(json.load(sys.stdin)["activationId"])')
    for _ in $(seq 20); do
      code=$(sql "select substring(payload->>'text' from 'Reply YES ([A-Z0-9]+)') from rostering.durable_work where kind='send-message' and payload->>'purpose'='offer' and stream_id='$activation' order by scheduled_at limit 1")
      [ -z "$code" ] || break 2
      [ -z "$(sql "select 1 from rostering.mt_events where stream_id='$activation' and type='dispatch_escalated' limit 1")" ] || break
      sleep 0.5
    done
    echo "(card $card: nobody qualified on duty near the carer; activation $activation left to the coordinators, trying another)" >&2
  done
  [ -n "$code" ] || { echo "outage ${seconds}s: no card with a worker on duty found"; continue; }
  until [ "$(offers_with "$code" | cut -d' ' -f1)" -gt 0 ]; do
    if [ "$(date +%s)" -gt $(( ${started%.*} + seconds + 300 )) ]; then echo "outage ${seconds}s: no offer accepted within $((seconds + 300)) s"; continue 2; fi
    sleep 0.5
  done
  took=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")
  sleep 10  # anything sent twice would show by now
  echo "outage ${seconds}s of ${CERS_OUTAGE_PROVIDERS:-twilio vonage}: activation $activation, offer SMS accepted ${took} s after the report;" \
    "offer SMS with its code (count, providers): $(offers_with "$code"); $(sql "select 'failed rounds before: ' || attempts || ', ' || outcome from rostering.durable_work where kind='send-message' and payload->>'purpose'='offer' and stream_id='$activation' order by scheduled_at limit 1")"
done
