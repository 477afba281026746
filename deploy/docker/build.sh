#!/usr/bin/env bash
# Builds the platform's image, diaspora-platform:<tag> (default tag: dev), from
# deploy/docker/Dockerfile, after making sure its base images exist (stand-ins.sh).
#
#   deploy/docker/build.sh [TAG]
#
# The Dockerfile needs BuildKit. A Docker CLI without the buildx plugin cannot ask for it, so the
# engine's own CLI (Debian's docker.io, /usr/bin/docker) builds instead when it is there. The
# host's CA bundle goes to the download steps as a BuildKit secret, never into a layer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source deploy/docker/images.env
tag="${1:-dev}"
ca_bundle="${PLATFORM_BUILD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

builder=docker
if ! docker buildx version >/dev/null 2>&1; then
  [[ -x /usr/bin/docker ]] || { echo "build: BuildKit needs docker buildx or the engine's CLI" >&2; exit 1; }
  builder=/usr/bin/docker
fi
DOCKER="$builder" bash deploy/docker/stand-ins.sh

secret=()
[[ -f "$ca_bundle" ]] && secret=(--secret "id=ca-bundle,src=$ca_bundle")
echo "build: diaspora-platform:$tag" >&2
DOCKER_BUILDKIT=1 "$builder" build --progress=plain "${secret[@]}" \
  --build-arg "PYTHON_IMAGE=$PYTHON_IMAGE" --build-arg "NODE_IMAGE=$NODE_IMAGE" \
  -f deploy/docker/Dockerfile -t "diaspora-platform:$tag" .
