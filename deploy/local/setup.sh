#!/usr/bin/env bash
# Installs what the platform needs on a fresh machine: uv (the Python workspace tool), a Java
# runtime and Maven (for the native Kafka broker), then the locked Python dependencies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf 'setup: %s\n' "$*" >&2; }

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    say "missing $*; install it with your package manager"; exit 1
  fi
  say "installing $* from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v java >/dev/null || apt_install openjdk-17-jre-headless
command -v mvn >/dev/null || apt_install maven
# npm installs the pinned AsyncAPI validator (deploy/tools/asyncapi) that `make test` runs.
command -v npm >/dev/null || apt_install nodejs npm
# The web application is tested in Debian's chromium.
command -v chromium >/dev/null || apt_install chromium
if ! command -v uv >/dev/null; then
  say "installing uv from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
# The workspace uses this machine's Python 3.11; uv never downloads an interpreter.
UV_PYTHON_DOWNLOADS=never uv sync --frozen --quiet
# The Kubernetes manifests' check (tests/unit/test_k8s_manifests.py) renders them with a pinned
# kustomize, built once from its Go module into .data/tools.
bash deploy/k8s/kustomize.sh version >/dev/null
if [[ ! -d frontends/web/node_modules ]] || [[ frontends/web/package-lock.json -nt frontends/web/node_modules ]]; then
  say "installing the web application's locked packages"
  npm ci --prefix frontends/web --no-audit --no-fund --loglevel=error
fi
