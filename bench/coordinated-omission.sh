#!/usr/bin/env bash
# The coordinated-omission proof: a server (in its own process) stalls every request for 1 s once during a 10 s
# run. At 100 requests/s under constant-arrival-rate about 100 of 1,000 requests wait 0 to 1,000 ms, so p95 must
# sit near 500 ms; a closed-model run against the same stall (10 VUs, as a wrk-style loop would) hides it.
#   bench/coordinated-omission.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_all

run_against_stall() {  # run_against_stall PORT PROFILE_JSON
  start_target "$1"
  cat >"$WORK/perfgate.json" <<JSON
{ "baseUrl": "http://127.0.0.1:$1",
  "scenarios": { "stall": { "steps": [ { "name": "stall", "method": "GET", "path": "/stall" } ] } },
  "profiles": { "p": $2 }, "profile": "p" }
JSON
  dotnet "$ENGINE_DLL" run --config "$WORK/perfgate.json" --out "$WORK/out" >/dev/null 2>&1 || true
  kill "$TARGET_PID"; wait "$TARGET_PID" 2>/dev/null || true; TARGET_PID=""
  json_get "$WORK/out/results.json" "'%-21s iterations=%-7d dropped=%-3d p95 http_req_duration=%8.1f ms   p95 http_req_service_time=%8.1f ms   max=%7.1f ms' % (
    d['run']['executor'], d['metrics']['iterations']['count'], d['metrics']['dropped_iterations']['count'],
    d['metrics']['http_req_duration']['p(95)'], d['metrics']['http_req_service_time']['p(95)'], d['metrics']['http_req_duration']['max'])"
}

echo "one 1 s stall, 4 s into a 10 s run:"
run_against_stall 18083 '{ "executor": "constant-arrival-rate", "rate": 100, "timeUnit": "1s", "duration": "10s", "preAllocatedVUs": 20, "maxVUs": 200 }'
run_against_stall 18084 '{ "executor": "constant-vus", "vus": 10, "duration": "10s" }'
echo "open model (constant-arrival-rate): expected p95 near 500 ms with 1,000 ± 2 % iterations"
echo "closed model (constant-vus): the requests the stall prevented were never sent, so p95 barely moves"
