#!/usr/bin/env bash
# Packs Modulo.Perf.Build (task assembly + published engine inside) into artifacts/feed, the local feed
# named in the repository's nuget.config. Usage: build/pack.sh [VERSION]
# The default version is unique per call (0.1.0-dev.<UTC time>): NuGet caches packages by version, so
# repacking under a fixed version would leave consumers on a stale copy. Prints the version last.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-0.1.0-dev.$(date -u +%Y%m%d%H%M%S)}"
feed="$root/artifacts/feed"
mkdir -p "$feed"
dotnet pack "$root/src/Modulo.Perf.Build/Modulo.Perf.Build.csproj" -c Release -p:Version="$version" -o "$feed" --nologo >&2
echo "$version"
