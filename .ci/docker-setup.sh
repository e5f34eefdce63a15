#!/usr/bin/env bash
# Gives the Docker Compose tests a real engine on a CI machine that has none: Debian's docker.io and
# docker-compose, a private dockerd, a compose v2 CLI shim, and the local ASP.NET base image the sample's
# Dockerfile builds FROM (no registry is reachable, so it is made from a Debian root file system plus the
# host's .NET runtime). Prints `export ...` lines for the caller to eval; idempotent within one machine.
# Following ../shared/notes/docker-and-postgres.md.
set -euo pipefail
state=/tmp/modulo-perf-docker
mkdir -p "$state"
log() { echo "[docker-setup] $*" >&2; }

if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing docker.io, docker-compose, debootstrap"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose debootstrap >&2
fi

export DOCKER_HOST="unix://$state/docker.sock"
# Two tries: on a busy machine dockerd once gave up waiting for its containerd and exited.
for attempt in 1 2; do
  docker info >/dev/null 2>&1 && break
  log "starting a private dockerd (try $attempt)"
  dockerd --data-root "$state/root" --exec-root "$state/exec" -H "$DOCKER_HOST" --pidfile "$state/pid" >"$state/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
done
docker info >/dev/null 2>&1 || { log "dockerd did not start"; tail -20 "$state/dockerd.log" >&2; exit 1; }

# `docker compose` (v2 syntax) through a CLI plugin shim that runs Debian's docker-compose v1.
export DOCKER_CONFIG="$state/config"
mkdir -p "$DOCKER_CONFIG/cli-plugins"
cat >"$DOCKER_CONFIG/cli-plugins/docker-compose" <<'SHIM'
#!/usr/bin/env bash
if [ "${1:-}" = "docker-cli-plugin-metadata" ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"shim","Version":"1.29.2"}'
  exit 0
fi
exec /usr/bin/docker-compose "${@:2}"
SHIM
chmod +x "$DOCKER_CONFIG/cli-plugins/docker-compose"
echo "{\"cliPluginsExtraDirs\":[\"$DOCKER_CONFIG/cli-plugins\"]}" >"$DOCKER_CONFIG/config.json"

image=modulo-perf/aspnet:10.0
if ! docker image inspect "$image" >/dev/null 2>&1; then
  log "building $image from debootstrap and the host's .NET runtime"
  rootfs="$state/rootfs"
  rm -rf "$rootfs"
  # libssl3: the runtime needs OpenSSL for hashing (the engine image, deploy/engine.Dockerfile, hashes its config).
  debootstrap --variant=minbase --include=libssl3 bookworm "$rootfs" >"$state/debootstrap.log" 2>&1 \
    || { log "debootstrap failed"; tail -20 "$state/debootstrap.log" >&2; exit 1; }
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  mkdir -p "$rootfs/usr/share/dotnet/shared"
  cp "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/"
  cp -r "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$rootfs/usr/share/dotnet/shared/"
  ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  tar -C "$rootfs" -c . | docker import -c 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' - "$image" >/dev/null
fi

echo "export DOCKER_HOST=$DOCKER_HOST DOCKER_CONFIG=$DOCKER_CONFIG"
