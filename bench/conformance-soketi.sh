#!/usr/bin/env bash
# Runs the realtime conformance suite (tests/realtime-conformance) against soketi 1.6.1, to see
# which protocol checklist items it fails. Each test file gets a fresh soketi: one malformed frame
# can crash soketi 1.6.1 (it then refuses new sockets), which would fail every later file too.
# Arguments: test files to run (default: all). Exits 1 when any file fails: failures are
# expected, soketi is not the reference.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -d bench/node_modules/@soketi/soketi ]; then
  npm --prefix bench install --no-audit --no-fund || exit 1
fi

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

app_id=conformance
app_key=conformance-key
app_secret=conformance-secret
log_dir=$(mktemp -d -t soketi-conformance.XXXXXX)
soketi_pid=""

# SIGTERM first; a soketi already shutting down after an uncaught exception may ignore it.
stop_soketi() {
  if [ -n "$soketi_pid" ]; then
    kill "$soketi_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$soketi_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$soketi_pid" 2>/dev/null || true
    wait "$soketi_pid" 2>/dev/null || true
    soketi_pid=""
  fi
}
trap stop_soketi EXIT

# Limits are set to Pusher's documented defaults where soketi's own differ, and user sign-in is
# enabled (soketi ignores pusher:signin otherwise) with a timeout longer than any test; the rest is
# soketi's default.
start_soketi() {
  port=$(free_port)
  webhook_port=$(free_port)
  log="$log_dir/$1.log"
  SOKETI_HOST=127.0.0.1 \
  SOKETI_PORT=$port \
  SOKETI_METRICS_HOST=127.0.0.1 \
  SOKETI_METRICS_SERVER_PORT=$(free_port) \
  SOKETI_DEFAULT_APP_ID=$app_id \
  SOKETI_DEFAULT_APP_KEY=$app_key \
  SOKETI_DEFAULT_APP_SECRET=$app_secret \
  SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES=true \
  SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC=10 \
  SOKETI_DEFAULT_APP_USER_AUTHENTICATION=true \
  SOKETI_USER_AUTHENTICATION_TIMEOUT=600000 \
  SOKETI_DEFAULT_APP_WEBHOOKS="[{\"url\":\"http://127.0.0.1:$webhook_port/webhooks\",\"event_types\":[\"channel_occupied\",\"channel_vacated\",\"member_added\",\"member_removed\",\"client_event\"]}]" \
  SOKETI_EVENT_MAX_SIZE_IN_KB=10 \
  SOKETI_PRESENCE_MAX_MEMBER_SIZE=1 \
  SOKETI_SHUTDOWN_GRACE_PERIOD=0 \
    node bench/node_modules/@soketi/soketi/bin/server.js start >"$log" 2>&1 &
  soketi_pid=$!
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/ready" >/dev/null; then return 0; fi
    if ! kill -0 "$soketi_pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "soketi did not start:" >&2
  cat "$log" >&2
  return 1
}

files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(tests/realtime-conformance/*.test.ts); fi

failed=()
for file in "${files[@]}"; do
  name=$(basename "$file" .test.ts)
  start_soketi "$name" || exit 1
  echo "=== $file against soketi on 127.0.0.1:$port (log $log)"
  REALTIME_TARGET_HOST=127.0.0.1 \
  REALTIME_TARGET_PORT=$port \
  REALTIME_TARGET_APP_ID=$app_id \
  REALTIME_TARGET_APP_KEY=$app_key \
  REALTIME_TARGET_APP_SECRET=$app_secret \
  REALTIME_TARGET_WEBHOOK_PORT=$webhook_port \
    npx vitest run "$file" || failed+=("$file")
  if grep -q uncaughtException "$log"; then echo "!!! soketi hit an uncaught exception during $file (see $log)"; fi
  stop_soketi
done

echo "files with failures against soketi: ${failed[*]:-none}"
[ ${#failed[@]} -eq 0 ]
