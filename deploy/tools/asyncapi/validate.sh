#!/usr/bin/env bash
# Validates AsyncAPI documents with the official AsyncAPI CLI, pinned in package-lock.json.
# Usage: validate.sh [DOCUMENT...] (default: the partners' document, shared/asyncapi/public.yaml).
set -euo pipefail
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$tools/../../.." && pwd)"
if [[ ! -x "$tools/node_modules/.bin/asyncapi" ]]; then
  command -v npm >/dev/null || { echo "asyncapi: npm is missing (run make setup)" >&2; exit 1; }
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >&2
fi
export SUPPRESS_NO_CONFIG_WARNING=1
documents=("$@")
[[ ${#documents[@]} -gt 0 ]] || documents=("$root/shared/asyncapi/public.yaml")
for document in "${documents[@]}"; do
  "$tools/node_modules/.bin/asyncapi" validate "$document" --fail-severity=error
done
