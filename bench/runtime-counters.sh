#!/usr/bin/env bash
# The service's runtime counters (--service-pid, docs/engine.md) measured three ways, on the sample backend:
#  1. their cost to the service: throughput of the same run without the counters, with them, and with them plus
#     ASP.NET Core's meters (--service-meters), alternating;
#  2. detection: a baseline of the unchanged sample (3 stored runs, the least from which a regression is called),
#     then the sample with 64 KB more allocated per request
#     (Faults alloc:64KB): how often alloc_per_request regresses (PERF2004), next to whether latency alone did;
#  3. false alarms: a baseline, then the unchanged sample again: alloc_per_request / cpu_per_request regressions.
# Each run gets a freshly started sample, as the MSBuild gate does. Traffic goes to 127.0.0.1 only.
# Usage: bench/runtime-counters.sh [--rounds N (default 10)] [--seconds S (default 5)] [--connections VUS (default 4)]
#   [--parts "1 2" (default both; 2 covers 2. and 3.)] [--base-faults RULES (sample Faults for every run of 2. and 3.,
#   such as "GET /api/notes=delay:20ms": an endpoint that waits on I/O, where the latency hides the extra allocation)]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=10; seconds=5; connections=4; parts="1 2"; base_faults=""
parse_options "$@"
SAMPLE_DLL="$ROOT/samples/Modulo.Sample.Api/bin/Release/net10.0/Modulo.Sample.Api.dll"
PORT=5731
dotnet build "$ROOT/src/Modulo.Perf.Engine" -c Release --nologo -v q >/dev/null
dotnet build "$ROOT/samples/Modulo.Sample.Api" -c Release --nologo -v q >/dev/null

cat >"$WORK/perfgate.json" <<JSON
{ "baseUrl": "http://127.0.0.1:$PORT",
  "scenarios": { "notes": { "steps": [ { "name": "list", "method": "GET", "path": "/api/notes?limit=5", "type": "read" } ] } },
  "profiles": { "bench": { "executor": "constant-vus", "vus": $connections, "duration": "${seconds}s" } },
  "profile": "bench" }
JSON

sample_pid=""
# start_sample [FAULTS]: a fresh sample on $PORT with an empty database.
start_sample() {
  rm -f "$WORK/notes.db"*
  dotnet "$SAMPLE_DLL" --urls "http://127.0.0.1:$PORT" --Storage:Path="$WORK/notes.db" --Faults="${1:-}" >"$WORK/sample.log" 2>&1 &
  sample_pid=$!
  TARGET_PID=$sample_pid
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "sample did not start:" >&2; cat "$WORK/sample.log" >&2; exit 1
}
stop_sample() { kill "$sample_pid" 2>/dev/null || true; wait "$sample_pid" 2>/dev/null || true; TARGET_PID=""; }

# run_engine OUT [ARGS...]: one run of the engine against the sample; results.json lands in OUT.
run_engine() {
  local out="$1"; shift
  dotnet "$ENGINE_DLL" run --config "$WORK/perfgate.json" --out "$out" "$@" >"$WORK/engine.log" 2>&1 || true
}
rps() { json_get "$1/results.json" 'round(d["metrics"]["http_reqs"]["rate"], 1)'; }
# regressed OUT KIND: "yes", "no" or "inconclusive" for the comparison entries of that kind.
regressed() {
  json_get "$1/results.json" "('yes' if any(r['regression'] for r in d['regressions'] if r['kind']=='$2') else 'inconclusive' if any(r['inconclusive'] for r in d['regressions'] if r['kind']=='$2') else 'no' if any(r['kind']=='$2' for r in d['regressions']) else 'absent')"
}

if [[ " $parts " == *" 1 "* ]]; then
echo "== 1. cost of the counters to the service ($rounds alternating rounds, ${seconds}s, $connections VUs)"
declare -A total=([without]=0 [counters]=0 [meters]=0)
for round in $(seq 1 "$rounds"); do
  for mode in without counters meters; do
    start_sample
    case $mode in
      without) run_engine "$WORK/o" ;;
      counters) run_engine "$WORK/o" --service-pid "$sample_pid" ;;
      meters) run_engine "$WORK/o" --service-pid "$sample_pid" --service-meters ;;
    esac
    value=$(rps "$WORK/o"); stop_sample
    total[$mode]=$(echo "${total[$mode]} + $value" | bc -l)
    echo "  round $round $mode: $value req/s"
  done
done
mean() { echo "${total[$1]} / $rounds" | bc -l | xargs printf %.1f; }
ratio() { echo "${total[$1]} / ${total[without]}" | bc -l | xargs printf %.3f; }
echo "  mean req/s without: $(mean without), with counters: $(mean counters) (ratio $(ratio counters)), with counters and meters: $(mean meters) (ratio $(ratio meters))"

fi

[[ " $parts " == *" 2 "* ]] || exit 0
echo "== 2. and 3. a 64 KB/request allocation regression, and the unchanged sample ($rounds rounds${base_faults:+, every sample with Faults=$base_faults})"
more_faults="GET /api/notes=alloc:64KB${base_faults:+;$base_faults}"
detected=0; latency_detected=0; alloc_false=0; cpu_false=0
for round in $(seq 1 "$rounds"); do
  baseline="$WORK/baseline-$round.json"
  for _ in 1 2 3; do
    start_sample "$base_faults"; run_engine "$WORK/b" --service-pid "$sample_pid" --baseline "$baseline" --update-baseline; stop_sample
  done
  start_sample "$base_faults"; run_engine "$WORK/same" --service-pid "$sample_pid" --baseline "$baseline"; stop_sample
  start_sample "$more_faults"; run_engine "$WORK/more" --service-pid "$sample_pid" --baseline "$baseline"; stop_sample
  alloc=$(regressed "$WORK/more" alloc_per_request); latency=$(regressed "$WORK/more" latency)
  same_alloc=$(regressed "$WORK/same" alloc_per_request); same_cpu=$(regressed "$WORK/same" cpu_per_request)
  [ "$alloc" = yes ] && detected=$((detected + 1))
  [ "$latency" = yes ] && latency_detected=$((latency_detected + 1))
  [ "$same_alloc" = yes ] && alloc_false=$((alloc_false + 1))
  [ "$same_cpu" = yes ] && cpu_false=$((cpu_false + 1))
  echo "  round $round: +64KB alloc_per_request=$(json_get "$WORK/more/results.json" 'round(d["metrics"]["service_alloc_per_request"]["value"])') B regression=$alloc latency regression=$latency | unchanged alloc=$same_alloc cpu=$same_cpu ($(json_get "$WORK/same/results.json" 'round(d["metrics"]["service_alloc_per_request"]["value"])') B, $(json_get "$WORK/same/results.json" 'round(d["metrics"]["service_cpu_per_request"]["value"], 3)') ms/req)"
done
echo "  allocation regression detected: $detected/$rounds (latency alone: $latency_detected/$rounds)"
echo "  false alarms on the unchanged sample: alloc $alloc_false/$rounds, cpu $cpu_false/$rounds"
