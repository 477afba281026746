#!/usr/bin/env bash
# `make faults`: the fault-injection suite. It starts a Kafka broker of its own (free ports, a
# temporary directory, the jars of .data/kafka/libs) and SIGKILLs only that one, so a broker
# already running on 9092 is never touched; its databases are created and dropped on the
# PostgreSQL server (started here when TEST_POSTGRES_URL is not set). The figures are printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ -z "${TEST_POSTGRES_URL:-}" ]]; then
  bash deploy/postgres/postgres.sh up
  export TEST_POSTGRES_URL="postgresql://platform@127.0.0.1:${PG_PORT:-55432}/postgres"
fi
exec timeout "${FAULTS_TIMEOUT_SECONDS:-900}" uv run --frozen pytest tests/faults -m faults -s -q "$@"
