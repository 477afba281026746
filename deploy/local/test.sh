#!/usr/bin/env bash
# `make test`: static checks, then unit, integration and end-to-end tests on a real Kafka broker
# and a real PostgreSQL. With a Docker engine the tests start containers themselves; without
# one, the native broker and server are started here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

uv run --frozen ruff check .
uv run --frozen ruff format --check .
uv run --frozen mypy shared/src services/recruitment/src services/reporting/src \
  services/gateway/src services/deployment/src services/grants/src tests bench \
  examples/partner_consumer
uv run --frozen platform-schemas check
uv run --frozen platform-asyncapi check
bash deploy/tools/asyncapi/validate.sh
# The web application: types, unit tests, then the build its browser tests (tests/e2e) load.
npm --prefix frontends/web run build
npm --prefix frontends/web test

if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}${TEST_POSTGRES_URL:-}" ]] && docker info >/dev/null 2>&1; then
  # The tests start containers of the images docker-compose.yml runs: pulled, or local
  # stand-ins where no registry answers (then no Ryuk image either: each test stops its own).
  bash deploy/docker/stand-ins.sh
  if ! bash deploy/docker/stand-ins.sh --registry-answers; then
    export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
  fi
fi
if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]] && ! docker info >/dev/null 2>&1; then
  bash deploy/kafka/kafka.sh up
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
fi
if [[ -z "${TEST_POSTGRES_URL:-}" ]] && ! docker info >/dev/null 2>&1; then
  bash deploy/postgres/postgres.sh up
  export TEST_POSTGRES_URL="postgresql://platform@127.0.0.1:${PG_PORT:-55432}/postgres"
fi
exec uv run --frozen pytest "$@"
