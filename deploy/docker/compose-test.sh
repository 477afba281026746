#!/usr/bin/env bash
# `make compose-test`: the platform under docker-compose, as a user runs it. Starts a Docker
# engine when none answers (engine.sh), builds the image (build.sh, with local stand-ins of the
# base images where no registry answers), brings docker-compose.yml up under a project of its own
# with fresh secrets, waits for the demo data, runs tests/compose against it, and tears it all
# down, volumes included, whatever happened.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
say() { printf 'compose-test: %s\n' "$*" >&2; }

compose_cli="$(bash deploy/docker/engine.sh)"
tag="compose-test"
bash deploy/docker/build.sh "$tag"

project="diaspora-compose-test"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }
export PLATFORM_TAG="$tag" GATEWAY_PORT="$port"
GATEWAY_JWT_SECRET="$(secret)"
PLATFORM_INTERNAL_ASSERTION_SECRET="$(secret)"
PLATFORM_PERSON_REF_KEY="$(secret)"
POSTGRES_PASSWORD="$(secret)"
export GATEWAY_JWT_SECRET PLATFORM_INTERNAL_ASSERTION_SECRET PLATFORM_PERSON_REF_KEY POSTGRES_PASSWORD
compose=($compose_cli -p "$project")

teardown() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    say "failed; the containers' last log lines:"
    "${compose[@]}" logs --no-color --tail=40 >&2 || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  exit $status
}
trap teardown EXIT

say "starting the stack (project $project, gateway on 127.0.0.1:$port)"
"${compose[@]}" up -d --no-build

# The seed one-shot runs once the gateway is healthy; its success means every service is up
# and the demo data went in through the gateway.
deadline=$((SECONDS + ${COMPOSE_TEST_START_TIMEOUT:-600}))
seed=""
while ((SECONDS < deadline)); do
  seed="$("${compose[@]}" ps -q seed)"
  if [[ -n "$seed" && "$(docker inspect -f '{{.State.Status}}' "$seed")" == exited ]]; then
    break
  fi
  sleep 3
done
[[ -n "$seed" && "$(docker inspect -f '{{.State.Status}}' "$seed")" == exited ]] \
  || { say "the demo data was not seeded in time"; exit 1; }
seed_exit="$(docker inspect -f '{{.State.ExitCode}}' "$seed")"
[[ "$seed_exit" == 0 ]] || { say "the seed exited with $seed_exit"; exit 1; }
say "stack up and seeded in ${SECONDS}s"

COMPOSE_TEST_GATEWAY_URL="http://127.0.0.1:$port" \
COMPOSE_TEST_COMMAND="$compose_cli -p $project" \
GATEWAY_INTERNAL_ASSERTION_SECRET="$PLATFORM_INTERNAL_ASSERTION_SECRET" \
  uv run --frozen pytest tests/compose -m compose -q "$@"
