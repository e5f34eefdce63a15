#!/usr/bin/env bash
# The gate's fixed cost on a warm incremental build: wall time of `dotnet build -t:PerfGate` minus the
# configured load duration, next to an empty `dotnet build -t:PerfGateBenchEmpty` (MSBuild start-up,
# evaluation and restore check, the floor every build pays) and an up-to-date `dotnet build -c Release` (that
# floor plus the no-op build of the service in the configuration the gate starts it in). Packs the gate into a temp feed and
# builds a generated minimal API (the end-to-end tests' consumer app) with an isolated packages folder.
# Usage: bench/gate-overhead.sh [LOAD_SECONDS (default 5)] [RUNS (default 3)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
load_seconds="${1:-5}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.0.0-bench.$(date -u +%Y%m%d%H%M%S)"
export NUGET_PACKAGES="$work/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack "$root/src/Modulo.Perf.Build/Modulo.Perf.Build.csproj" -c Release -p:Version="$version" -o "$work/feed" >/dev/null

app="$work/app"
mkdir -p "$app"
cp "$root/tests/Modulo.Perf.Build.Tests/Consumer/Program.txt" "$app/Program.cs"
cat >"$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Modulo.Perf.Build" Version="$version" />
  </ItemGroup>
  <Target Name="PerfGateBenchEmpty" />
</Project>
XML
cat >"$app/nuget.config" <<XML
<configuration><packageSources><add key="bench-feed" value="$work/feed" /></packageSources></configuration>
XML
echo '{ "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } } }' >"$app/appsettings.json"
cat >"$app/perfgate.json" <<JSON
{
  "scenarios": { "browse": { "steps": [ { "method": "GET", "path": "/items", "type": "read" } ] } },
  "profiles": { "bench": { "executor": "constant-vus", "vus": 1, "duration": "${load_seconds}s" } },
  "profile": "bench",
  "thresholds": { "slo_read_latency": ["p(95)<1000"] }
}
JSON

build() { dotnet build "$app/App.csproj" -nr:false -v:q -nologo "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
seconds() { local start end; start=$(date +%s.%N); build "$@"; end=$(date +%s.%N); calc "$end - $start"; }

# Warm-up: restore, compile, first gate run (JIT, disk caches); what follows is incremental.
build -t:PerfGate

best() { local best=""; for _ in $(seq "$runs"); do local s; s=$(seconds "$@"); if [ -z "$best" ] || [ "$(calc "$s < $best")" = "1.000" ]; then best=$s; fi; done; echo "$best"; }
empty=$(best -t:PerfGateBenchEmpty)
# The gate builds the service in PerfGateConfiguration (Release) before starting it, as any build of it would:
# an up-to-date build in that configuration is the floor of a build that runs the app, the empty one of any build.
noop=$(best -c Release)
gate=$(best -t:PerfGate)
overhead=$(calc "$gate - $load_seconds")
printf 'empty build (-t:PerfGateBenchEmpty)   %6.2f s\n' "$empty"
printf 'up-to-date build (-c Release)         %6.2f s\n' "$noop"
printf 'gate build (-t:PerfGate, %ss load)    %6.2f s\n' "$load_seconds" "$gate"
printf 'gate fixed cost (gate - load)         %6.2f s\n' "$overhead"
printf 'fixed cost above the empty build      %6.2f s\n' "$(calc "$overhead - $empty")"
printf 'fixed cost above the up-to-date build %6.2f s\n' "$(calc "$overhead - $noop")"
echo "(best of $runs runs each)"

# Where the fixed cost goes: one more gate run at detailed verbosity, each line stamped as it arrives.
phases() {
  dotnet build "$app/App.csproj" -nr:false -v:d -tl:off -nologo -t:PerfGate 2>&1 \
    | perl -MTime::HiRes=time -ne 'BEGIN { $s = time } printf "%.3f %s", time - $s, $_' \
    | awk -v load="$load_seconds" '
        /Done Building Project.*Restore target/ { restored = $1 }
        /on node [0-9]+ \(PerfGate target\(s\)\)/ { evaluated = $1 }
        /Skipping target "_PerfGateValidate"/ { unchanged = 1 }
        /Done building target "_PerfGateValidate"/ { validated = $1 }
        /is building .* \(Build target\(s\)\)\./ && !inner { inner = $1 }
        /Done building target "_PerfGateBuildService"/ { built = $1 }
        /PerfGate: starting the head service/ { starting = $1 }
        /PerfGate: running the load/ { healthy = $1 }
        /\[modulo-perf\] / && !loading { loading = $1 }
        /No performance issues|SLO violated|Regression/ && !judged { judged = $1 }
        /PerfGate: the load engine exited/ { exited = $1 }
        /PerfGate: the service stopped/ { stopped = $1 }
        /Done building target "_PerfGateRun"/ { done = $1 }
        END {
          printf "evaluation after restore (empty too)  %6.2f s\n", evaluated - restored
          printf "%-38s%6.2f s\n", unchanged ? "validate (skipped: inputs unchanged)" : "validate (engine process)", validated - evaluated
          printf "incremental build of the service      %6.2f s\n", built - validated
          printf "  its evaluation in PerfGateConfiguration %4.2f s\n", inner - validated
          printf "  its Build target (up-to-date checks)  %4.2f s\n", built - inner
          printf "gate task start until service launch  %6.2f s\n", starting - built
          printf "service start until /health answers   %6.2f s\n", healthy - starting
          printf "engine start until the load begins    %6.2f s\n", loading - healthy
          printf "after the load until the verdict      %6.2f s\n", judged - loading - load
          printf "engine exit after the verdict         %6.2f s\n", exited - judged
          printf "service stop                          %6.2f s\n", stopped - exited
          printf "results read into diagnostics         %6.2f s\n", done - stopped
        }'
}
echo "one more gate run, by phase:"
phases
