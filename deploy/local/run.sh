#!/usr/bin/env bash
# `make run`: the whole platform on this machine. Kafka natively, the topics, every service and
# the gateway as separate processes (honcho, see Procfile), then demo data. Ctrl-C stops the
# services and the broker; data stays in .data/ for the next run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash deploy/kafka/kafka.sh up
if [[ "${KEEP_KAFKA:-0}" != 1 ]]; then
  trap 'bash deploy/kafka/kafka.sh down' EXIT
fi
uv run --frozen platform-topics create

# A local signing secret for demo tokens, made once per checkout; deployments set their own.
secret_file=.data/gateway-jwt-secret
if [[ -z "${GATEWAY_JWT_SECRET:-}" ]]; then
  [[ -s "$secret_file" ]] || python3 -c 'import secrets; print(secrets.token_urlsafe(48))' >"$secret_file"
  GATEWAY_JWT_SECRET="$(cat "$secret_file")"
  export GATEWAY_JWT_SECRET
fi

# The gateway signs internal assertions with a second key that every service verifies with.
assertion_file=.data/internal-assertion-secret
if [[ -z "${GATEWAY_INTERNAL_ASSERTION_SECRET:-}" ]]; then
  [[ -s "$assertion_file" ]] || python3 -c 'import secrets; print(secrets.token_urlsafe(48))' >"$assertion_file"
  GATEWAY_INTERNAL_ASSERTION_SECRET="$(cat "$assertion_file")"
fi
export GATEWAY_INTERNAL_ASSERTION_SECRET
export RECRUITMENT_INTERNAL_ASSERTION_SECRET="$GATEWAY_INTERNAL_ASSERTION_SECRET"
export REPORTING_INTERNAL_ASSERTION_SECRET="$GATEWAY_INTERNAL_ASSERTION_SECRET"
export DEPLOYMENT_INTERNAL_ASSERTION_SECRET="$GATEWAY_INTERNAL_ASSERTION_SECRET"
export GRANTS_INTERNAL_ASSERTION_SECRET="$GATEWAY_INTERNAL_ASSERTION_SECRET"
# Development only: partners' webhook endpoints may be plain http on this machine.
export REPORTING_WEBHOOK_ALLOW_LOOPBACK_HTTP="${REPORTING_WEBHOOK_ALLOW_LOOPBACK_HTTP:-true}"

# One key for person references, so deployment and grants recognise a professional's own records.
person_ref_file=.data/person-ref-key
if [[ -z "${PLATFORM_PERSON_REF_KEY:-}" ]]; then
  [[ -s "$person_ref_file" ]] || python3 -c 'import secrets; print(secrets.token_urlsafe(48))' >"$person_ref_file"
  PLATFORM_PERSON_REF_KEY="$(cat "$person_ref_file")"
fi
export RECRUITMENT_PERSON_REF_KEY="$PLATFORM_PERSON_REF_KEY"
export DEPLOYMENT_PERSON_REF_KEY="$PLATFORM_PERSON_REF_KEY"
export GRANTS_PERSON_REF_KEY="$PLATFORM_PERSON_REF_KEY"

# The web application, served by the gateway at /, with the demo users' sign-in page.
npm --prefix frontends/web run build >/dev/null
export GATEWAY_WEB_ROOT="$PWD/frontends/web/dist" GATEWAY_DEV_SIGN_IN=true
echo "web application: http://127.0.0.1:${GATEWAY_HTTP_PORT:-8000}/ (sign in as a demo user)"

uv run --frozen python deploy/local/seed_demo.py &
uv run --frozen honcho -f Procfile start
