#!/usr/bin/env bash
# A segmented run against the unsegmented one, on one loopback target: 1, 2 and 4 engine processes (each its own
# execution segment, all starting at one --start-at) merged with `modulo-perf merge`, next to one process running
# the whole test, with wrk on the same target as the peer. Prints total requests/s and the merged p95 of each.
# On two cores more processes bring no more load; the point is that totals and percentiles agree.
#   bench/segments.sh [--rounds 1] [--seconds 10] [--connections 32]
# The open-model check runs constant-arrival-rate at 500/s: iterations started plus dropped (no idle VU within
# maxVUs) must be exactly the 500 × seconds the schedule holds, merged or not.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=1 seconds=10 connections=32
parse_options "$@"
ensure_tools
build_all
port=18081
url="http://127.0.0.1:$port/"
start_target "$port"
closed="$(engine_config / "$url" "$connections" "${seconds}s")"
open="$WORK/open.json"
cat >"$open" <<JSON
{ "baseUrl": "$url", "userAgent": "$BENCH_USER_AGENT",
  "scenarios": { "bench": { "steps": [ { "name": "get", "method": "GET", "path": "/", "type": "read" } ] } },
  "profiles": { "open": { "executor": "constant-arrival-rate", "rate": 500, "duration": "${seconds}s", "preAllocatedVUs": 32, "maxVUs": 256 } },
  "profile": "open" }
JSON

wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d3s "$url" >/dev/null   # warm the target's JIT

# run_split CONFIG N OUT: N segment processes sharing one start, then their merge into OUT (N=1: one plain run).
run_split() {
  local config=$1 n=$2 out=$3
  if [ "$n" -eq 1 ]; then
    dotnet "$ENGINE_DLL" run --config "$config" --out "$out" >/dev/null 2>&1 || true
    return
  fi
  local start_at pids=() dirs=()
  start_at=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
  for i in $(seq 1 "$n"); do
    dirs+=("$out-segment-$i")
    dotnet "$ENGINE_DLL" run --config "$config" --segment "$i/$n" --start-at "$start_at" --out "$out-segment-$i" >/dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  dotnet "$ENGINE_DLL" merge "${dirs[@]}" --config "$config" --out "$out" >/dev/null 2>&1 || true
}

# Each line of $WORK/runs: model processes requests_per_s p95_ms iterations dropped
for round in $(seq 1 "$rounds"); do
  wrk "${PEER_HEADERS[@]}" -t2 -c"$connections" -d"${seconds}s" "$url" >"$WORK/wrk.out"
  echo "wrk 1 $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out") - - -" >>"$WORK/runs"
  for n in 1 2 4; do
    for model in closed open; do
      config=$([ "$model" = closed ] && echo "$closed" || echo "$open")
      run_split "$config" "$n" "$WORK/$model-$n-$round"
      r="$WORK/$model-$n-$round/results.json"
      echo "$model $n $(json_get "$r" "d['metrics']['http_reqs']['rate']") $(json_get "$r" "d['metrics']['http_req_duration']['p(95)']") $(json_get "$r" "d['metrics']['iterations']['count']") $(json_get "$r" "d['metrics'].get('dropped_iterations', {}).get('count', 0)")" >>"$WORK/runs"
    done
  done
  echo "round $round:" >&2; tail -n 7 "$WORK/runs" >&2
done

echo
echo "$connections VUs (closed) / 500 iterations/s (open), ${seconds} s per run, $rounds round(s), target $url (medians)"
printf "%-8s %10s %12s %9s %11s %8s %14s\n" model processes "requests/s" "p95 ms" iterations dropped "vs 1 process"
wrk_rps=$(awk '$1=="wrk" {print $3}' "$WORK/runs" | median)
for model in closed open; do
  base=$(awk -v m=$model '$1==m && $2==1 {print $3}' "$WORK/runs" | median)
  for n in 1 2 4; do
    rps=$(awk -v m=$model -v n=$n '$1==m && $2==n {print $3}' "$WORK/runs" | median)
    p95=$(awk -v m=$model -v n=$n '$1==m && $2==n {print $4}' "$WORK/runs" | median)
    its=$(awk -v m=$model -v n=$n '$1==m && $2==n {print $5}' "$WORK/runs" | median)
    dropped=$(awk -v m=$model -v n=$n '$1==m && $2==n {print $6}' "$WORK/runs" | median)
    printf "%-8s %10s %12.0f %9.3f %11.0f %8.0f %13.3fx\n" "$model" "$n" "$rps" "$p95" "$its" "$dropped" "$(echo "scale=3; $rps / $base" | bc)"
  done
done
printf "%-8s %10s %12.0f\n" wrk 1 "$wrk_rps"
echo "closed, 1 process / wrk requests/s: $(echo "scale=3; $(awk '$1=="closed" && $2==1 {print $3}' "$WORK/runs" | median) / $wrk_rps" | bc)"
exit 0
