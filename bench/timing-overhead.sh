#!/usr/bin/env bash
# How much a tool adds to a latency it measures: p50 against a 50 ms endpoint, next to the server's own p50
# of the same requests, for the engine, wrk (and autocannon with --with-autocannon); and the engine's p95 next
# to the server's p95.
#   bench/timing-overhead.sh [--seconds 10] [--connections 10] [--with-autocannon]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seconds=10 connections=10 autocannon=""
parse_options "$@"
ensure_tools ${autocannon:+autocannon}
build_all
port=18081
base="http://127.0.0.1:$port"
start_target "$port"
config="$(engine_config /delay50 "$base" "$connections" "${seconds}s")"
wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d2s "$base/delay50" >/dev/null
curl -fs "$base/timing" >/dev/null

server_p50() { curl -fs "$base/timing" | python3 -c "import json,sys; print(json.load(sys.stdin)['p50'])"; }

dotnet "$ENGINE_DLL" run --config "$config" --out "$WORK/out" >/dev/null 2>&1
engine=$(json_get "$WORK/out/results.json" "d['metrics']['http_req_duration']['med']")
engine_p95=$(json_get "$WORK/out/results.json" "d['metrics']['http_req_duration']['p(95)']")
read -r engine_server engine_server_p95 < <(curl -fs "$base/timing" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['p50'], d['p95'])")

wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d"${seconds}s" --latency "$base/delay50" >"$WORK/wrk.out"
wrk_p50=$(awk '$1=="50%" {v=$2; if (v ~ /ms$/) {sub(/ms/,"",v); print v} else if (v ~ /us$/) {sub(/us/,"",v); print v/1000} else {sub(/s/,"",v); print v*1000}}' "$WORK/wrk.out")
wrk_server=$(server_p50)

printf "%-11s %12s %14s %12s\n" tool "tool p50 ms" "server p50 ms" "added ms"
printf "%-11s %12.3f %14.3f %12.3f\n" engine "$engine" "$engine_server" "$(echo "$engine - $engine_server" | bc -l)"
printf "%-11s %12.3f %14.3f %12.3f   (p95)\n" engine "$engine_p95" "$engine_server_p95" "$(echo "$engine_p95 - $engine_server_p95" | bc -l)"
printf "%-11s %12.3f %14.3f %12.3f\n" wrk "$wrk_p50" "$wrk_server" "$(echo "$wrk_p50 - $wrk_server" | bc -l)"
if [ -n "$autocannon" ]; then
  node "$BENCH_DIR/.tools/node_modules/.bin/autocannon" "${AUTOCANNON_HEADERS[@]}" -c "$connections" -d "$seconds" -j "$base/delay50" >"$WORK/ac.json" 2>/dev/null
  ac=$(json_get "$WORK/ac.json" "d['latency']['p50']")
  ac_server=$(server_p50)
  printf "%-11s %12.3f %14.3f %12.3f\n" autocannon "$ac" "$ac_server" "$(echo "$ac - $ac_server" | bc -l)"
fi
