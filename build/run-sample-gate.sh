#!/usr/bin/env bash
# Packs the gate and runs it on the sample backend the way a consumer would:
#   dotnet build samples/Modulo.Sample.Api -t:PerfGate
# The gate builds and starts the sample's Release output (PerfGateConfiguration defaults to Release).
# The sample references the package through Version="$(ModuloPerfBuildVersion)", set here to the fresh pack.
# Extra arguments go to dotnet build, e.g. build/run-sample-gate.sh -p:PerfGateProfile=normal
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$("$root/build/pack.sh")"
echo "Modulo.Perf.Build $version packed into artifacts/feed" >&2
exec dotnet build "$root/samples/Modulo.Sample.Api" -t:PerfGate -p:ModuloPerfBuildVersion="$version" "$@"
