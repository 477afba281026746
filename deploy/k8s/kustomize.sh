#!/usr/bin/env bash
# Runs the pinned kustomize (`deploy/k8s/kustomize.sh build deploy/k8s/overlays/prod`), building
# it first from its Go module when this checkout does not have it yet (about two minutes, once).
# No kustomize release binary is downloaded: the Go toolchain fetches the module's source.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.0
tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.data/tools"
binary="$tools_dir/kustomize-$KUSTOMIZE_VERSION"

if [[ ! -x "$binary" ]]; then
  go_command="$(command -v go || true)"
  [[ -n "$go_command" ]] || go_command=/usr/local/go/bin/go
  if [[ ! -x "$go_command" ]]; then
    echo "kustomize.sh: Go is needed to build kustomize $KUSTOMIZE_VERSION; install Go 1.24 or newer" >&2
    exit 1
  fi
  echo "kustomize.sh: building kustomize $KUSTOMIZE_VERSION from its Go module" >&2
  mkdir -p "$tools_dir"
  # Built aside and moved into place, so a concurrent run never executes a half-written file.
  build_dir="$(mktemp -d "$tools_dir/build.XXXXXX")"
  trap 'rm -rf "$build_dir"' EXIT
  GOTOOLCHAIN=local GOBIN="$build_dir" \
    "$go_command" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
  mv -f "$build_dir/kustomize" "$binary"
  rm -rf "$build_dir"  # exec below replaces this shell, so the EXIT trap would not run
  trap - EXIT
fi
exec "$binary" "$@"
