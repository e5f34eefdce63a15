#!/usr/bin/env bash
# Shared by the bench/ scripts: tools, builds, the loopback target, and measuring a command's CPU and memory.
# Every benchmark sends traffic only to 127.0.0.1 and every run is bounded by its duration.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$(mktemp -d)"
ENGINE_DLL="$ROOT/src/Modulo.Perf.Engine/bin/Release/net10.0/modulo-perf.dll"
TARGET_DLL="$BENCH_DIR/BenchTarget/bin/Release/net10.0/BenchTarget.dll"
TARGET_PID=""
# One request for every tool: the engine's userAgent and the peers' header name the same User-Agent, so the server
# does the same work per request whichever tool drives it (wrk sends no User-Agent of its own; h2load and the
# engine do, each a different one). wrk and h2load take curl's "name: value"; autocannon keeps the space after
# the colon in the value, so it gets its own "name=value" form.
BENCH_USER_AGENT="modulo-perf-bench"
PEER_HEADERS=(-H "User-Agent: $BENCH_USER_AGENT")
AUTOCANNON_HEADERS=(-H "User-Agent=$BENCH_USER_AGENT")

cleanup() {
  [ -n "$TARGET_PID" ] && kill "$TARGET_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# parse_options "$@": the options the load benchmarks share, into rounds, seconds, connections and autocannon
# (the caller sets their defaults first; an option a script does not use is still accepted).
parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) rounds=$2; shift 2 ;;
      --seconds) seconds=$2; shift 2 ;;
      --connections) connections=$2; shift 2 ;;
      --with-autocannon) autocannon=1; shift ;;
      --parts) parts=$2; shift 2 ;;
      --base-faults) base_faults=$2; shift 2 ;;
      --with-dotnet-counters) with_dotnet_counters=1; shift ;;
      --previous-engine) previous_engine=$2; shift 2 ;;
      *) echo "unknown option $1" >&2; exit 3 ;;
    esac
  done
}

# apt packages the benchmarks use (wrk, GNU time); npm's autocannon goes into bench/.tools.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v bc >/dev/null || missing+=(bc)
  if [ ${#missing[@]} -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
  fi
  if [ "${1:-}" = "autocannon" ] && [ ! -x "$BENCH_DIR/.tools/node_modules/.bin/autocannon" ]; then
    npm install --silent --no-audit --no-fund --prefix "$BENCH_DIR/.tools" autocannon@8 >/dev/null
  fi
}

build_all() {
  dotnet build "$ROOT/src/Modulo.Perf.Engine" -c Release --nologo -v q >/dev/null
  dotnet build "$BENCH_DIR/BenchTarget" -c Release --nologo -v q >/dev/null
}

# shipped_engine: sets ENGINE_CMD to the engine the package runs on this machine. On linux-x64 that is the
# NativeAOT executable, published here the way the pack does (minutes the first time, skipped when nothing
# changed; its own restore output (extensions path), as in the pack, so the usual build's stays as it was);
# elsewhere the portable dll on dotnet.
shipped_engine() {
  if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    local out="$BENCH_DIR/.tools/engine-linux-x64"
    dotnet publish "$ROOT/src/Modulo.Perf.Engine" -c Release -r linux-x64 -p:PublishAot=true --nologo -v q \
      -p:MSBuildProjectExtensionsPath="$out/restore/" -o "$out/publish" >/dev/null
    ENGINE_CMD=("$out/publish/modulo-perf")
  else
    ENGINE_CMD=(dotnet "$ENGINE_DLL")
  fi
}

# start_target PORT [SCHEME]: runs the bench target on SCHEME://127.0.0.1:PORT (default http) until the script ends.
# For https the caller exports Kestrel__Certificates__Default__Path and __KeyPath (PEM files) first.
start_target() {
  local url="${2:-http}://127.0.0.1:$1"
  DOTNET_gcServer=1 dotnet "$TARGET_DLL" --urls "$url" >"$WORK/target.log" 2>&1 &
  TARGET_PID=$!
  for _ in $(seq 1 100); do
    curl -fsk "$url/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench target did not start:" >&2; cat "$WORK/target.log" >&2; exit 1
}

# engine_config PATH URL VUS DURATION [SETTINGS]: a one-step scenario config for the engine, sending
# BENCH_USER_AGENT; SETTINGS are extra top-level properties ('"httpVersion": "2"').
engine_config() {
  cat >"$WORK/perfgate.json" <<JSON
{ "baseUrl": "$2", "userAgent": "$BENCH_USER_AGENT",${5:+ $5,}
  "scenarios": { "bench": { "steps": [ { "name": "get", "method": "GET", "path": "$1", "type": "read" } ] } },
  "profiles": { "bench": { "executor": "constant-vus", "vus": $3, "duration": "$4" } },
  "profile": "bench" }
JSON
  echo "$WORK/perfgate.json"
}

# measured FILE CMD...: runs CMD under GET time; FILE receives "wall user sys maxrss_kb".
measured() {
  local file="$1"; shift
  /usr/bin/time -o "$file" -f "%e %U %S %M" "$@"
}

# json_get FILE EXPR: a value from a JSON file (python's json; EXPR indexes the parsed document d).
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# print_medians TOOL...: the table of medians from $WORK/runs (lines "tool rps requests cpu_seconds max_rss_kb"),
# one row per tool; sets rps_TOOL and cpu_TOOL (CPU s per 1,000 requests; '-' in a name becomes '_') for the ratios.
print_medians() {
  printf "%-11s %12s %16s %14s\n" tool "requests/s" "CPU s/1k req" "peak RSS MB"
  local tool rps cpu rss
  for tool in "$@"; do
    rps=$(awk -v t="$tool" '$1==t {print $2}' "$WORK/runs" | median)
    cpu=$(awk -v t="$tool" '$1==t && $3>0 {print $4/$3*1000}' "$WORK/runs" | median)
    rss=$(awk -v t="$tool" '$1==t {print $5/1024}' "$WORK/runs" | median)
    printf "%-11s %12.0f %16.4f %14.1f\n" "$tool" "$rps" "$cpu" "$rss"
    eval "rps_${tool//-/_}=$rps cpu_${tool//-/_}=$cpu"
  done
}
