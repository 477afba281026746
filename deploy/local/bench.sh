#!/usr/bin/env bash
# `make bench`: the benchmark suite on loopback against the native Kafka broker and PostgreSQL
# (started here when they are not running); options pass through, e.g. BENCH_ARGS="--events
# 1000000". Results go to bench/results/latest.json and the table to the terminal.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
  bash deploy/kafka/kafka.sh up
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
fi
if [[ -z "${BENCH_POSTGRES_URL:-}" ]]; then
  bash deploy/postgres/postgres.sh up
  export BENCH_POSTGRES_URL="postgresql://platform@127.0.0.1:${PG_PORT:-55432}/postgres"
fi
# wrk offers the HTTP load of the report-read figures.
if ! command -v wrk >/dev/null 2>&1; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
# shellcheck disable=SC2086
exec timeout "${BENCH_TIMEOUT_SECONDS:-1200}" uv run --frozen python -m bench ${BENCH_ARGS:-} "$@"
