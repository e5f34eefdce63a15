#!/usr/bin/env bash
# Interleaved A/B (modulo-perf compare) against baseline mode (modulo-perf run against a recorded baseline), under
# identical conditions, on a quiet and on a noisy machine: false alarms over unchanged reruns, and detections of
# known slowdowns of the read and write paths' p95.
#
# Two builds of the sample API run side by side: base with a fixed server delay, head with the same delay times
# 1 + change, set through the sample's fault switch (Faults="*=delay:…"), both started fresh for every cell as the
# gate starts them (neither is warmer). "Noisy" is this script's own neighbour:
# a CPU hog pinned to one core in random bursts of 1–8 s with random pauses, for the cell only (killed with it).
# Baseline mode records 3 runs of the base per cell condition first (the minimum it needs to call a regression)
# and is then asked about head; interleaved mode compares base and head directly. An alarm is exit code 1.
#
# Usage: bench/noisy-ab.sh [--reps N (10)] [--seconds S (profile duration, 20)] [--changes "0 20 30 50"]
#                          [--conditions "quiet noisy"] [--modes "interleaved baseline"] [--delay-ms 20] [--vus 4]
#                          [--rounds N (compare's --rounds; default its own)] [--keep DIR (copies every run's comparison-results.json there)]
# Prints one row per mode, condition and change: alarms (exit 1) / runs, of them the runs whose alarm included a
# p95 latency regression (at a fixed VU count a slower server also loses throughput), the runs with an
# inconclusive comparison and no alarm, the wall time of a run and its ratio to the profile's duration, and the
# load average when the row's runs began (the machine may be shared with other jobs).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

reps=10; seconds=20; changes="0 20 30 50"; conditions="quiet noisy"; modes="interleaved baseline"; delay_ms=20; vus=4; keep=""; rounds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --changes) changes=$2; shift 2 ;;
    --conditions) conditions=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --delay-ms) delay_ms=$2; shift 2 ;;
    --vus) vus=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 3 ;;
  esac
done

SAMPLE_DIR="$ROOT/samples/Modulo.Sample.Api"
SAMPLE_DLL="$SAMPLE_DIR/bin/Release/net10.0/Modulo.Sample.Api.dll"
BASE_PORT=5711; HEAD_PORT=5712
SERVICE_PIDS=(); HOG_PID=""

stop_all() {
  [ -n "$HOG_PID" ] && kill -- -"$HOG_PID" 2>/dev/null || true
  for pid in "${SERVICE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  cleanup
}
trap stop_all EXIT

dotnet build "$ROOT/src/Modulo.Perf.Engine" -c Release --nologo -v q >/dev/null
dotnet build "$SAMPLE_DIR" -c Release --nologo -v q >/dev/null

# start_sample ROLE PORT DELAY_MS: the sample with every request DELAY_MS slower, its own database; prints its pid.
start_sample() {
  Faults="*=delay:${3}ms" Storage__Path="$WORK/$1.db" ASPNETCORE_URLS="http://127.0.0.1:$2" \
    dotnet "$SAMPLE_DLL" --contentRoot "$SAMPLE_DIR" >"$WORK/$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && { echo "$pid"; return 0; }
    sleep 0.2
  done
  echo "the $1 sample did not start:" >&2; cat "$WORK/$1.log" >&2; exit 1
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# The noisy neighbour: one core, random bursts and pauses, in its own process group so it dies with the cell.
start_hog() {
  setsid bash -c '
    end=$((SECONDS + $1))
    while [ $SECONDS -lt $end ]; do
      sleep "$((RANDOM % 3 + 1))"
      burst=$((RANDOM % 8 + 1))
      taskset -c 0 timeout "$burst" bash -c "while :; do :; done" 2>/dev/null || timeout "$burst" bash -c "while :; do :; done"
    done' hog "$1" >/dev/null 2>&1 &
  HOG_PID=$!
}
# An if, not `[ -n ] && ...`: without a hog (the quiet machine) that list's status would stop the script (set -e).
stop_hog() {
  if [ -n "$HOG_PID" ]; then
    kill -- -"$HOG_PID" 2>/dev/null || true; wait "$HOG_PID" 2>/dev/null || true; HOG_PID=""
  fi
}

config="$WORK/perfgate.json"
cat >"$config" <<JSON
{ "baseUrl": "http://127.0.0.1:$BASE_PORT", "suites": ["crud"],
  "profiles": { "ab": { "executor": "constant-vus", "vus": $vus, "duration": "${seconds}s" } }, "profile": "ab",
  "regression": { "historyDays": 365 } }
JSON

engine() { dotnet "$ENGINE_DLL" "$@" >"$WORK/engine.log" 2>&1; }

# inconclusive DIR: 1 when results.json has an inconclusive comparison, else 0.
inconclusive() { json_get "$1/results.json" "int(any(r['inconclusive'] for r in d['regressions']))"; }
# latency_alarm DIR: 1 when a latency p95 (not only throughput) was called a regression, else 0.
latency_alarm() { json_get "$1/results.json" "int(any(r['regression'] and r['kind'] == 'latency' for r in d['regressions']))"; }


[ -n "$keep" ] && mkdir -p "$keep"
printf '%-12s %-6s %7s %10s %10s %13s %10s %9s  %s\n' mode machine change alarms "p95 alarms" inconclusive "s per run" "×profile" "load average at start"
for condition in $conditions; do
  for change in $changes; do
    head_delay=$(( delay_ms * (100 + change) / 100 ))
    # Both builds start fresh for every cell, as the gate starts them: neither is warmer than the other.
    base_pid=$(start_sample "base-$condition-$change" "$BASE_PORT" "$delay_ms"); SERVICE_PIDS+=("$base_pid")
    head_pid=$(start_sample "head-$condition-$change" "$HEAD_PORT" "$head_delay"); SERVICE_PIDS+=("$head_pid")
    [ "$condition" = noisy ] && start_hog $(( reps * seconds * 6 + 120 ))
    for mode in $modes; do
      alarms=0; latency=0; unsure=0; started=$SECONDS; load=$(cut -d' ' -f1-3 /proc/loadavg)
      baseline="$WORK/baseline-$condition-$change.json"
      if [ "$mode" = baseline ]; then
        for _ in 1 2 3; do
          engine run --config "$config" --base-url "http://127.0.0.1:$BASE_PORT" --baseline "$baseline" --update-baseline --out "$WORK/record" || true
        done
        started=$SECONDS
      fi
      for rep in $(seq 1 "$reps"); do
        out="$WORK/$mode-$condition-$change-$rep"
        if [ "$mode" = interleaved ]; then
          engine compare --config "$config" --base "http://127.0.0.1:$BASE_PORT" --head "http://127.0.0.1:$HEAD_PORT" ${rounds:+--rounds "$rounds"} --out "$out" && code=0 || code=$?
        else
          engine run --config "$config" --base-url "http://127.0.0.1:$HEAD_PORT" --baseline "$baseline" --out "$out" && code=0 || code=$?
        fi
        [ "$code" = 1 ] && alarms=$((alarms + 1)) && latency=$((latency + $(latency_alarm "$out")))
        [ "$code" != 1 ] && [ "$(inconclusive "$out")" = 1 ] && unsure=$((unsure + 1))
        [ -n "$keep" ] && cp "$out/comparison-results.json" "$keep/$mode-$condition-$change-$rep-exit$code.json" 2>/dev/null || true
      done
      per_run=$(( (SECONDS - started) / reps ))
      ratio=$(awk -v t="$per_run" -v p="$seconds" 'BEGIN { printf "%.2f", t / p }')
      printf '%-12s %-6s %6s%% %6d/%-3d %10d %13d %10d %8s×  %s\n' "$mode" "$condition" "+$change" "$alarms" "$reps" "$latency" "$unsure" "$per_run" "$ratio" "$load"
    done
    stop_hog
    stop_pid "$head_pid"; stop_pid "$base_pid"
  done
done
echo "profile duration ${seconds} s; server delay ${delay_ms} ms at base; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
