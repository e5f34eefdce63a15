#!/usr/bin/env bash
# The distributed chain on the sample, on one machine (the processes stand in for pods or CI jobs): the sample runs
# once on 127.0.0.1, N engine processes (the packed package's own engine) each drive one execution segment of the
# load at it from one shared start, and the gate merges their partial results through MSBuild:
#   dotnet build samples/Modulo.Sample.Api -t:PerfGate -p:PerfGateMergeFrom="DIR1%3BDIR2%3BDIR3"
# Usage: build/run-sample-distributed.sh [--segments 3] [--config FILE] [--vus 3] [--duration 10s] [-- dotnet build args...]
# (the config's profile, with --vus and --duration: each segment runs its share of the VUs). The merged reports go
# to the sample's perf-results/.
# With --config samples/configs/strict-slo.json the merged verdict is an SLO violation: PERF1001 errors at the
# thresholds' lines and dotnet build fails. The script exits with dotnet build's code.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
segments=3 config="$root/samples/Modulo.Sample.Api/perfgate.json" vus=3 duration=10s port=5091
while [ $# -gt 0 ]; do
  case "$1" in
    --segments) segments=$2; shift 2 ;;
    --config) config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --vus) vus=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 3 ;;
  esac
done
work="$(mktemp -d)"
sample_pid=""
cleanup() {
  [ -n "$sample_pid" ] && kill "$sample_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

version="$("$root/build/pack.sh")"
echo "Modulo.Perf.Build $version packed into artifacts/feed" >&2
dotnet build "$root/samples/Modulo.Sample.Api" -c Release -p:ModuloPerfBuildVersion="$version" --nologo -v q >&2
engine="${NUGET_PACKAGES:-$HOME/.nuget/packages}/modulo.perf.build/$version/tools/engine/modulo-perf.dll"

dotnet run --no-build -c Release --project "$root/samples/Modulo.Sample.Api" --urls "http://127.0.0.1:$port" >"$work/sample.log" 2>&1 &
sample_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "the sample did not start:" >&2; cat "$work/sample.log" >&2; exit 1; }

start_at="$(date -u -d '+5 seconds' +%Y-%m-%dT%H:%M:%SZ)"
pids=() dirs=""
for i in $(seq 1 "$segments"); do
  dotnet "$engine" run --config "$config" --vus "$vus" --duration "$duration" --base-url "http://127.0.0.1:$port" \
    --segment "$i/$segments" --start-at "$start_at" --out "$work/segment-$i" >"$work/segment-$i.log" 2>&1 &
  pids+=($!)
  dirs="${dirs:+$dirs%3B}$work/segment-$i"
done
for i in $(seq 1 "$segments"); do
  wait "${pids[$((i - 1))]}" || echo "segment $i/$segments exited with $? (the merge will name it):" >&2
  tail -n 3 "$work/segment-$i.log" >&2
done

set +e
dotnet build "$root/samples/Modulo.Sample.Api" -t:PerfGate -p:ModuloPerfBuildVersion="$version" \
  -p:PerfGateConfig="$config" -p:PerfGateMergeFrom="$dirs" "$@"
code=$?
echo "merged verdict: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["verdict"], d["metrics"]["http_reqs"]["count"], "requests")' "$root/samples/Modulo.Sample.Api/perf-results/results.json" 2>/dev/null || echo none)" >&2
exit $code
