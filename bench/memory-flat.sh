#!/usr/bin/env bash
# Memory must not grow with the number of requests: the engine's peak RSS after 100,000 requests and after
# 1,000,000 (50 VUs, per-vu-iterations), and their ratio (the target is within 10 %).
#   bench/memory-flat.sh [--vus 50]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
vus=50
[ "${1:-}" = "--vus" ] && vus=$2
ensure_tools
build_all
port=18082
start_target "$port"

peak_rss_mb() {  # peak_rss_mb TOTAL_REQUESTS
  cat >"$WORK/perfgate.json" <<JSON
{ "baseUrl": "http://127.0.0.1:$port",
  "scenarios": { "bench": { "steps": [ { "name": "get", "method": "GET", "path": "/" } ] } },
  "profiles": { "fixed": { "executor": "per-vu-iterations", "vus": $vus, "iterations": $(($1 / vus)), "maxDuration": "10m" } },
  "profile": "fixed" }
JSON
  measured "$WORK/t" dotnet "$ENGINE_DLL" run --config "$WORK/perfgate.json" --out "$WORK/out" >/dev/null 2>&1
  local count; count=$(json_get "$WORK/out/results.json" "d['metrics']['http_reqs']['count']")
  read -r wall _ _ rss <"$WORK/t"
  echo "$1 requests (ran $count in ${wall}s): peak RSS $((rss / 1024)) MB" >&2
  echo $((rss / 1024))
}
small=$(peak_rss_mb 100000)
large=$(peak_rss_mb 1000000)
echo "peak RSS after 1,000,000 requests / after 100,000: $(echo "scale=3; $large / $small" | bc)"
