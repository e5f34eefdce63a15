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
#   [--with-dotnet-counters (part 1 adds a mode: no engine counters, but `dotnet-counters collect` of System.Runtime
#   on the same sample during the run, the reference tool's cost; installed into $WORK with `dotnet tool install`)]
#   [--previous-engine DLL (part 1 adds a mode: that build of modulo-perf.dll with --service-pid, to compare a change)]
# Part 1 also reports the sample's own CPU time per request in each mode (from /proc, over the engine's whole run):
# the collection's cost to the service alone, which a busy machine disturbs far less than throughput.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=10; seconds=5; connections=4; parts="1 2"; base_faults=""; with_dotnet_counters=0; previous_engine=""
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
modes="without counters meters"
[ -n "$previous_engine" ] && modes="without previous counters meters"
if [ "$with_dotnet_counters" = 1 ]; then
  modes="$modes external"
  dotnet tool install --tool-path "$WORK/tools" dotnet-counters --version 10.0.750501 >/dev/null
fi
echo "== 1. cost of the counters to the service ($rounds alternating rounds of: $modes; ${seconds}s, $connections VUs; load $(cut -d' ' -f1-3 /proc/loadavg))"
declare -A total=([without]=0 [counters]=0 [meters]=0 [external]=0 [previous]=0)
ratios="$WORK/ratios"; : >"$ratios"
cpu_costs="$WORK/cpu-costs"; : >"$cpu_costs"
# The sample's CPU time so far (user + system, ms), from the kernel: what the collection costs the service itself,
# steadier under a busy machine than its throughput (the engine's own parsing does not count here).
service_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) * 1000 / hz }' "/proc/$sample_pid/stat"; }
for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    start_sample
    cpu_before=$(service_cpu_ms)
    case $mode in
      without) run_engine "$WORK/o" ;;
      counters) run_engine "$WORK/o" --service-pid "$sample_pid" ;;
      meters) run_engine "$WORK/o" --service-pid "$sample_pid" --service-meters ;;
      external)
        "$WORK/tools/dotnet-counters" collect -p "$sample_pid" --counters System.Runtime --refresh-interval 1 \
          --format csv -o "$WORK/external.csv" >/dev/null 2>&1 &
        collector=$!; sleep 1
        run_engine "$WORK/o"
        # TERM, not INT: a background job of a script ignores SIGINT.
        kill -TERM "$collector" 2>/dev/null || true; wait "$collector" 2>/dev/null || true ;;
      previous) dotnet "$previous_engine" run --config "$WORK/perfgate.json" --out "$WORK/o" --service-pid "$sample_pid" >"$WORK/engine.log" 2>&1 || true ;;
    esac
    cpu_after=$(service_cpu_ms)
    value=$(rps "$WORK/o")
    cpu_per_request=$(json_get "$WORK/o/results.json" "round(($cpu_after - $cpu_before) / max(1, d['metrics']['http_reqs']['count']), 4)")
    echo "$mode $cpu_per_request" >>"$cpu_costs"
    stop_sample
    total[$mode]=$(echo "${total[$mode]} + $value" | bc -l)
    [ "$mode" = without ] && without_value=$value || echo "$mode $(echo "$value / $without_value" | bc -l)" >>"$ratios"
    echo "  round $round $mode: $value req/s, service CPU $cpu_per_request ms/request"
  done
done
mean() { echo "${total[$1]} / $rounds" | bc -l | xargs printf %.1f; }
ratio() { echo "${total[$1]} / ${total[without]}" | bc -l | xargs printf %.3f; }
median_of() { awk -v m="$1" '$1 == m { print $2 }' "$2" | sort -g | awk '{ v[NR] = $1 } END { printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for mode in $modes; do
  echo "  $mode: median service CPU $(median_of "$mode" "$cpu_costs") ms/request (over the engine's whole run)"
  [ "$mode" = without ] && continue
  echo "  $mode: mean $(mean "$mode") req/s against $(mean without) without (ratio of means $(ratio "$mode"), median of per-round ratios $(median_of "$mode" "$ratios"))"
done
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

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
