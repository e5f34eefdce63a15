#!/usr/bin/env bash
# The engine (the one the package runs here, common.sh's shipped_engine) over HTTPS against the tools written for it, on the same Kestrel HTTPS endpoint (a self-signed
# certificate made here with openssl, which the engine trusts through tlsCaFile): HTTP/1.1 against wrk and
# HTTP/2 ("httpVersion": "2") against h2load (nghttp2-client, one stream per connection like the engine's VUs).
# Alternating runs; prints medians and ratios.
#   bench/tls.sh [--rounds 3] [--seconds 10] [--connections 50]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=3 seconds=10 connections=50
parse_options "$@"
ensure_tools
command -v h2load >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client) >/dev/null
build_all
shipped_engine
port=18443
url="https://127.0.0.1:$port/"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
export Kestrel__Certificates__Default__Path="$WORK/cert.pem" Kestrel__Certificates__Default__KeyPath="$WORK/key.pem"
start_target "$port" https

h1_config="$(engine_config / "$url" "$connections" "${seconds}s" '"tlsCaFile": "cert.pem"')"
mv "$h1_config" "$WORK/h1.json"
h2_config="$(engine_config / "$url" "$connections" "${seconds}s" '"tlsCaFile": "cert.pem", "httpVersion": "2"')"
mv "$h2_config" "$WORK/h2.json"

# Warm the target's JIT (both protocols) so the first measured tool does not pay for it.
wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d3s "$url" >/dev/null
h2load "${PEER_HEADERS[@]}" -t2 -c"$connections" -m1 -D3 "$url" >/dev/null

# Each line of $WORK/runs: tool rps requests cpu_seconds max_rss_kb
run_wrk() {
  measured "$WORK/t" wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d"${seconds}s" "$url" >"$WORK/wrk.out"
  read -r _ user sys rss <"$WORK/t"
  echo "wrk $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") $(awk '/requests in/ {print $1}' "$WORK/wrk.out") $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
}
run_h2load() {
  measured "$WORK/t" h2load "${PEER_HEADERS[@]}" -t2 -c"$connections" -m1 -D"$seconds" "$url" >"$WORK/h2load.out"
  read -r _ user sys rss <"$WORK/t"
  # "finished in 10.00s, 12345.60 req/s, ..." and "requests: N total, N started, N done, N succeeded, ..."
  echo "h2load $(awk '/^finished in/ {print $4}' "$WORK/h2load.out") $(awk '/^requests:/ {print $8}' "$WORK/h2load.out") $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
  grep -q "^Application protocol: h2" "$WORK/h2load.out" || { echo "h2load did not negotiate h2" >&2; exit 1; }
}
# run_engine TOOL CONFIG
run_engine() {
  measured "$WORK/t" "${ENGINE_CMD[@]}" run --config "$2" --out "$WORK/engine-out" >"$WORK/engine.log" 2>&1 \
    || { echo "engine run failed:" >&2; tail -20 "$WORK/engine.log" >&2; exit 1; }
  local results="$WORK/engine-out/results.json"
  read -r _ user sys rss <"$WORK/t"
  echo "$1 $(json_get "$results" "d['metrics']['http_reqs']['rate']") $(json_get "$results" "d['metrics']['http_reqs']['count']") $(echo "$user + $sys" | bc) $rss" >>"$WORK/runs"
  echo "$1 $(json_get "$results" "d['engine']['allocatedBytes'] / d['metrics']['http_reqs']['count']")" >>"$WORK/bytes-per-request"
}

for round in $(seq 1 "$rounds"); do
  # Alternate which goes first so neither always gets the warmer (or more fragmented) target.
  if [ $((round % 2)) -eq 1 ]; then
    run_wrk; run_engine engine-h1 "$WORK/h1.json"; run_h2load; run_engine engine-h2 "$WORK/h2.json"
  else
    run_engine engine-h1 "$WORK/h1.json"; run_wrk; run_engine engine-h2 "$WORK/h2.json"; run_h2load
  fi
  echo "round $round:" >&2; tail -n 4 "$WORK/runs" >&2
done

echo
echo "$connections connections, ${seconds} s per run, $rounds alternating rounds, target $url (medians), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
print_medians wrk engine-h1 h2load engine-h2
echo "engine HTTPS/1.1 / wrk requests/s: $(echo "scale=3; $rps_engine_h1 / $rps_wrk" | bc), CPU per request: $(echo "scale=2; $cpu_engine_h1 / $cpu_wrk" | bc)x wrk's"
echo "engine h2 / h2load requests/s:     $(echo "scale=3; $rps_engine_h2 / $rps_h2load" | bc), CPU per request: $(echo "scale=2; $cpu_engine_h2 / $cpu_h2load" | bc)x h2load's"
for tool in engine-h1 engine-h2; do
  echo "$tool bytes allocated per request while loading (median): $(awk -v t=$tool '$1==t {print $2}' "$WORK/bytes-per-request" | median)"
done
exit 0
