#!/usr/bin/env bash
# Makes sure the base images that deploy/docker/Dockerfile and docker-compose.yml name exist in
# the local Docker engine. Where a registry answers, they are pulled (what every user elsewhere
# gets). Where none does, local stand-ins are built under the same names from a Debian bookworm
# root file system (debootstrap, cached in .data/docker) and Debian's packages, emulating the
# official images' interfaces, so the same Dockerfile and compose file run unchanged.
#
#   deploy/docker/stand-ins.sh                     pull or build whatever is missing
#   deploy/docker/stand-ins.sh --registry-answers  exit 0 when a registry answers, 1 otherwise
#
# Environment: DOCKER (the client, default docker), STANDIN_CA_BUNDLE (CA bundle for downloads
# inside stand-in builds, default the host's /etc/ssl/certs/ca-certificates.crt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source deploy/docker/images.env

DOCKER="${DOCKER:-docker}"
CACHE=.data/docker
ROOTFS="$CACHE/rootfs-bookworm"
BASE=diaspora-standin/debian:bookworm
say() { printf 'stand-ins: %s\n' "$*" >&2; }

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

registry_answers() {
  # One quick pull of the smallest image tells whether a registry is reachable at all.
  timeout 60 "$DOCKER" pull -q "$PYTHON_IMAGE" >/dev/null 2>&1
}

base_image() {
  have "$BASE" && return 0
  if [[ ! -f "$ROOTFS/.complete" ]]; then
    command -v debootstrap >/dev/null || { say "debootstrap is missing"; exit 1; }
    say "building a Debian bookworm root file system in $ROOTFS (about a minute)"
    rm -rf "$ROOTFS"
    mkdir -p "$CACHE"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$ROOTFS" \
      http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
    touch "$ROOTFS/.complete"
  fi
  say "importing $ROOTFS as $BASE"
  tar -C "$ROOTFS" --exclude=./.complete -c . | "$DOCKER" import - "$BASE" >/dev/null
}

build_standin() {
  local image="$1" dockerfile="$2" context="$3"
  say "building a local stand-in for $image"
  "$DOCKER" build -q --build-arg "BASE=$BASE" -f "deploy/docker/stand-ins/$dockerfile" \
    -t "$image" "$context" >/dev/null
}

context_dir() {
  local dir
  dir="$(mktemp -d)"
  cp deploy/docker/stand-ins/* "$dir/"
  echo "$dir"
}

if [[ "${1:-}" == --registry-answers ]]; then
  registry_answers
  exit
fi

missing=()
for image in "$PYTHON_IMAGE" "$NODE_IMAGE" "$KAFKA_IMAGE" "$POSTGRES_IMAGE"; do
  have "$image" || missing+=("$image")
done
[[ ${#missing[@]} -eq 0 ]] && { say "all base images present"; exit 0; }
if registry_answers; then
  for image in "${missing[@]}"; do
    have "$image" || { say "pulling $image"; "$DOCKER" pull -q "$image" >/dev/null; }
  done
  exit 0
fi

say "no registry answers: building local stand-ins"
base_image
ctx="$(context_dir)"
trap 'rm -rf "$ctx"' EXIT
if ! have "$NODE_IMAGE"; then
  node_bin="$(command -v node)"
  [[ "$("$node_bin" --version)" == v20.* ]] || { say "the node stand-in needs Node.js 20 here"; exit 1; }
  cp "$node_bin" "$ctx/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$ctx/npm"
fi
have "$KAFKA_IMAGE" || cp -r "$(bash deploy/kafka/kafka.sh libs)" "$ctx/libs"

# The four builds are independent: side by side they take about half as long.
pids=()
have "$PYTHON_IMAGE" || { build_standin "$PYTHON_IMAGE" python.Dockerfile "$ctx" & pids+=($!); }
have "$NODE_IMAGE" || { build_standin "$NODE_IMAGE" node.Dockerfile "$ctx" & pids+=($!); }
have "$KAFKA_IMAGE" || { build_standin "$KAFKA_IMAGE" kafka.Dockerfile "$ctx" & pids+=($!); }
have "$POSTGRES_IMAGE" || { build_standin "$POSTGRES_IMAGE" postgres.Dockerfile "$ctx" & pids+=($!); }
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[[ $failed -eq 0 ]] || { say "a stand-in build failed"; exit 1; }
say "stand-ins ready: ${missing[*]}"
