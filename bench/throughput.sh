#!/usr/bin/env bash
# Requests per second, CPU per 1,000 requests and peak RSS of the engine the package ships on this machine
# (the NativeAOT executable on linux-x64, common.sh's shipped_engine) against wrk (and autocannon with
# --with-autocannon), on the same loopback endpoint, alternating runs, printing medians and ratios.
#   bench/throughput.sh [--rounds 3] [--seconds 10] [--connections 50] [--with-autocannon]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=3 seconds=10 connections=50 autocannon=""
parse_options "$@"
ensure_tools ${autocannon:+autocannon}
build_all
shipped_engine
port=18080
url="http://127.0.0.1:$port/"
start_target "$port"
config="$(engine_config / "$url" "$connections" "${seconds}s")"

# Warm the target's JIT so the first measured tool does not pay for it.
wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d3s "$url" >/dev/null

# Each line of $WORK/runs: tool rps requests cpu_seconds max_rss_kb
run_wrk() {
  measured "$WORK/t" wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d"${seconds}s" "$url" >"$WORK/wrk.out"
  local rps requests
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  read -r _ user sys rss <"$WORK/t"
  echo "wrk $rps $requests $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
}
run_engine() {
  measured "$WORK/t" "${ENGINE_CMD[@]}" run --config "$config" --out "$WORK/engine-out" >/dev/null 2>&1
  local results="$WORK/engine-out/results.json"
  read -r _ user sys rss <"$WORK/t"
  echo "engine $(json_get "$results" "d['metrics']['http_reqs']['rate']") $(json_get "$results" "d['metrics']['http_reqs']['count']") $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
  json_get "$results" "d['engine']['allocatedBytes'] / d['metrics']['http_reqs']['count']" >>"$WORK/engine-bytes-per-request"
}
run_autocannon() {
  measured "$WORK/t" node "$BENCH_DIR/.tools/node_modules/.bin/autocannon" "${AUTOCANNON_HEADERS[@]}" -c "$connections" -d "$seconds" -j "$url" >"$WORK/ac.json" 2>/dev/null
  read -r _ user sys rss <"$WORK/t"
  echo "autocannon $(json_get "$WORK/ac.json" "d['requests']['average']") $(json_get "$WORK/ac.json" "d['requests']['total']") $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
}

for round in $(seq 1 "$rounds"); do
  # Alternate which tool goes first so neither always gets the warmer (or more fragmented) target.
  if [ $((round % 2)) -eq 1 ]; then run_wrk; run_engine; else run_engine; run_wrk; fi
  [ -n "$autocannon" ] && run_autocannon
  echo "round $round:" >&2; tail -n $([ -n "$autocannon" ] && echo 3 || echo 2) "$WORK/runs" >&2
done

echo
echo "$connections connections, ${seconds} s per run, $rounds alternating rounds, target $url (medians)"
print_medians wrk engine ${autocannon:+autocannon}
echo "engine / wrk requests/s: $(echo "scale=3; $rps_engine / $rps_wrk" | bc)"
echo "engine bytes allocated per request while loading (median): $(median <"$WORK/engine-bytes-per-request")"
[ -n "$autocannon" ] && echo "engine / autocannon requests/s: $(echo "scale=3; $rps_engine / $rps_autocannon" | bc)"
exit 0
