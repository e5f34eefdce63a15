#!/usr/bin/env bash
# Regenerates docs/images/performance-report.png from REAL runs: the sample backend on loopback, the engine's
# `gate` profile (4 VUs) for 20 s against a baseline of two earlier such runs, then performance-report.html
# photographed by headless Chromium (Debian's
# `chromium`; fonts-noto-color-emoji for the verdict's emoji). Usage: docs/images/report-screenshot.sh [OUT_PNG]
#
# The sample answers in about a millisecond on loopback, which draws flat lines; the run adds the sample's own
# `*=jitter:20ms` fault (0-20 ms per request) so the charts show a distribution. The configuration is the
# sample's own perfgate.json (crud, sync and websocket suites, the Modulo backend's SLOs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
png="${1:-$root/docs/images/performance-report.png}"
work="$(mktemp -d)"
sample_pid=""
cleanup() {
  if [ -n "$sample_pid" ]; then kill "$sample_pid" 2>/dev/null || true; wait "$sample_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/src/Modulo.Perf.Engine" -c Release --nologo -v quiet >&2
dotnet build "$root/samples/Modulo.Sample.Api" -c Release --nologo -v quiet >&2

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dotnet "$root/samples/Modulo.Sample.Api/bin/Release/net10.0/Modulo.Sample.Api.dll" \
  --urls "http://127.0.0.1:$port" --Storage:Path "$work/notes.db" "--Faults=*=jitter:20ms" > "$work/sample.log" 2>&1 &
sample_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null && break
  sleep 0.2
done

# A warm-up (not recorded), two recorded runs for the baseline history, then the run the report shows: its
# baseline comparison and p95 trend are real too. Every recorded run has the same fingerprint (profile, VUs,
# duration, target).
engine() {
  dotnet "$root/src/Modulo.Perf.Engine/bin/Release/net10.0/modulo-perf.dll" run \
    --config "$root/samples/Modulo.Sample.Api/perfgate.json" --base-url "http://127.0.0.1:$port" --profile gate \
    --baseline "$work/baseline/performance-baselines.json" "$@"
}
engine --duration 5s --out "$work/warm-up" > /dev/null
engine --duration 20s --out "$work/history-1" --update-baseline > /dev/null
engine --duration 20s --out "$work/history-2" --update-baseline > /dev/null
status=0
engine --duration 20s --out "$work/out" || status=$?
echo "engine exit code: $status" >&2

mkdir -p "$work/chromium"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/chromium" --hide-scrollbars \
  --screenshot="$png" --window-size=1280,2000 "file://$work/out/performance-report.html" 2> "$work/chromium.log" \
  || { cat "$work/chromium.log" >&2; exit 1; }
echo "$png"
