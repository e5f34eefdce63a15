# The engine image for distributed runs (docs/distributed.md): `modulo-perf` on the ASP.NET Core runtime.
# Nothing is compiled in the image; the build context is the published engine (small, nothing else sent). From the
# repository root:
#   dotnet publish src/Modulo.Perf.Engine -c Release -o artifacts/engine-publish
#   docker build -f deploy/engine.Dockerfile -t registry.example/modulo-perf:1.0 artifacts/engine-publish
# The base is an argument: point ASPNET_IMAGE at your organisation's ASP.NET Core 10 runtime image. The default
# is a local tag, so nothing is pulled (docs/ci.md: CI machines build it from a Debian root file system and the
# host's runtime). The engine needs a shell only for the Indexed Job's one-line script (its segment from
# JOB_COMPLETION_INDEX); Debian-based runtime images have one. The engine hashes the config (SHA-256, through
# OpenSSL), so the base needs libssl as the official ASP.NET images have it; a base made with debootstrap needs
# `--include=libssl3` (without it the runtime prints "No usable version of libssl was found" and crashes).
ARG ASPNET_IMAGE=modulo-perf/aspnet:10.0
FROM ${ASPNET_IMAGE}
ARG PUBLISH_DIR=.
WORKDIR /app
COPY ${PUBLISH_DIR}/ ./
RUN printf '#!/bin/sh\nexec dotnet /app/modulo-perf.dll "$@"\n' > /usr/local/bin/modulo-perf \
 && chmod +x /usr/local/bin/modulo-perf
ENTRYPOINT ["modulo-perf"]
