#!/usr/bin/env bash
# Makes sure a Docker engine answers and a compose CLI exists; prints the compose command.
# On a machine without them (and as root), installs Debian's docker.io, docker-compose and
# debootstrap, and starts dockerd in the background (storage driver from DOCKERD_STORAGE_DRIVER,
# default vfs, which works on every file system; its log in .data/docker/dockerd.log).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
say() { printf 'engine: %s\n' "$*" >&2; }
mkdir -p .data/docker

apt_install() {
  [[ $(id -u) -eq 0 ]] || { say "missing $*; install it with your package manager"; exit 1; }
  say "installing $* from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || apt_install docker.io
  [[ $(id -u) -eq 0 ]] || { say "no Docker engine answers; start one"; exit 1; }
  say "starting dockerd (log: .data/docker/dockerd.log)"
  setsid nohup dockerd --storage-driver="${DOCKERD_STORAGE_DRIVER:-vfs}" \
    >.data/docker/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -n 30 .data/docker/dockerd.log >&2; say "dockerd did not answer"; exit 1; }
fi
command -v debootstrap >/dev/null || apt_install debootstrap
if docker compose version >/dev/null 2>&1; then
  echo "docker compose"
else
  command -v docker-compose >/dev/null || apt_install docker-compose
  echo "docker-compose"
fi
