#!/usr/bin/env bash
# Many WebSocket sessions in one engine (the one the package runs here, common.sh's shipped_engine): 100 and then 2,000 VUs, each holding a persistent socket and pinging once a
# second (connect, send ping, await pong, 1 s think time). The VUs ramp up over 5 s so that their pings spread over
# each second instead of arriving as one burst per second. Prints, for each, the engine's peak RSS, RSS per session
# (the 2,000-session peak minus the 100-session peak, over the 1,900 extra sessions), and the engine's round-trip
# p95 next to the server's own timing of the same pongs (bench/ws-sessions/ answers after a known delay).
# --sessions sets the large run (20000 is the scale check: one engine process, the server in its own; 20,000 client
# ports fit loopback's default ephemeral range of about 28,000 per destination, so one server port suffices).
# For the scale check, ping less often and ramp longer (--think-time 10s --ramp 30s): on a shared two-core machine
# 20,000 pings a second plus their pongs and timers would measure the cores, not the sessions.
#   bench/ws-sessions.sh [--delay-ms 10] [--duration 30s] [--sessions 2000] [--ramp 5s] [--think-time 1s]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
delay_ms=10
duration=30s
sessions=2000
ramp=5s
think=1s
while [ $# -gt 0 ]; do
  case "$1" in
    --delay-ms) delay_ms=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --ramp) ramp=$2; shift 2 ;;
    --think-time) think=$2; shift 2 ;;
    *) echo "usage: $0 [--delay-ms N] [--duration 30s] [--sessions 2000] [--ramp 5s] [--think-time 1s]" >&2; exit 3 ;;
  esac
done
ensure_tools
# Each process holds one socket per session (the engine opens no HTTP connection in a WebSocket-only run) plus a few
# hundred files of its own. Raising the hard limit needs privileges; without them the run must fit the hard limit.
files=$((sessions + 1000 > 20000 ? sessions + 1000 : 20000))
if ! ulimit -n "$files" 2>/dev/null; then
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && [ "$hard" -lt $((sessions + 400)) ]; then
    echo "$sessions sessions need about $((sessions + 400)) open files per process, but the hard limit is $hard" \
      "and cannot be raised here (ulimit -Hn; raise it, or run at most $((hard - 400)) sessions)" >&2
    exit 3
  fi
  ulimit -n "$hard"
fi
SERVER_DLL="$BENCH_DIR/ws-sessions/bin/Release/net10.0/WsBenchServer.dll"
dotnet build "$ROOT/src/Modulo.Perf.Engine" -c Release --nologo -v q >/dev/null
shipped_engine
dotnet build "$BENCH_DIR/ws-sessions/WsBenchServer.csproj" -c Release --nologo -v q >/dev/null

port=18091
dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$port" --delay-ms "$delay_ms" >"$WORK/server.log" 2>&1 &
TARGET_PID=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/stats" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/stats" >/dev/null || { echo "ws bench server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }

# run_sessions VUS: one engine run; prints "VUS peak_rss_mb engine_p95 server_p95 sessions pongs errors_rate".
run_sessions() {
  cat >"$WORK/perfgate.json" <<JSON
{ "baseUrl": "http://127.0.0.1:$port",
  "scenarios": { "ping": { "thinkTime": "$think", "steps": [
    { "ws": "connect", "path": "/ws", "persistent": true, "timeout": "30s" },
    { "ws": "send", "name": "ping", "message": { "type": "ping", "id": "{seq}" } },
    { "ws": "await", "name": "pong", "match": "type == \"pong\" && id == {seq}", "timeout": "5s" } ] } },
  "profiles": { "sessions": { "executor": "ramping-vus", "startVUs": 1,
    "stages": [ { "duration": "$ramp", "target": $1 }, { "duration": "$duration", "target": $1 } ] } },
  "profile": "sessions" }
JSON
  curl -fs "http://127.0.0.1:$port/reset" >/dev/null
  rm -rf "$WORK/out"
  measured "$WORK/t" "${ENGINE_CMD[@]}" run --config "$WORK/perfgate.json" --out "$WORK/out" >"$WORK/engine.log" 2>&1 || true
  curl -fs "http://127.0.0.1:$port/stats" >"$WORK/stats.json"
  read -r _ _ _ rss <"$WORK/t"
  local m="d['metrics']"
  echo "$1 $((rss / 1024)) \
$(json_get "$WORK/out/results.json" "$m['ws_message_latency']['p(95)']") \
$(json_get "$WORK/stats.json" "d['p95']") \
$(json_get "$WORK/out/results.json" "$m['ws_sessions']['count']") \
$(json_get "$WORK/out/results.json" "$m['ws_message_latency']['count']") \
$(json_get "$WORK/out/results.json" "$m['ws_errors']['rate']")"
}

echo "server delay ${delay_ms} ms, ${ramp} ramp then ${duration} per run, one ping per session every ${think}; load average $(cut -d" " -f1-3 /proc/loadavg)" >&2
small=$(run_sessions 100)
large=$(run_sessions "$sessions")
printf '%-6s %-14s %-16s %-16s %-9s %-8s %s\n' vus "peak RSS MB" "engine p95 ms" "server p95 ms" sessions pongs ws_errors
for row in "$small" "$large"; do
  read -r vus rss engine server opened pongs errors <<<"$row"
  printf '%-6s %-14s %-16s %-16s %-9s %-8s %s\n' "$vus" "$rss" "$engine" "$server" "$opened" "$pongs" "$errors"
done
read -r _ small_rss _ <<<"$small"
read -r _ large_rss _ <<<"$large"
echo "RSS per session: $(echo "scale=1; ($large_rss - $small_rss) * 1024 / ($sessions - 100)" | bc) KB (peak at $sessions minus peak at 100, over $((sessions - 100)) sessions)"
