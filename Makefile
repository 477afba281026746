# The platform's commands. `make run` and `make test` work on a fresh machine.
.PHONY: setup run test faults compose-test lint k8s-check kafka-up kafka-down postgres-up postgres-down topics schemas tokens bench

setup:
	@bash deploy/local/setup.sh

run: setup
	@bash deploy/local/run.sh

test: setup
	@bash deploy/local/test.sh

faults: setup
	@bash deploy/local/faults.sh

# The platform under docker-compose: image, stack, one application through the gateway, a restart.
compose-test: setup
	@bash deploy/docker/compose-test.sh

# Renders both Kubernetes overlays and validates them offline (also part of `make test`).
k8s-check: setup
	uv run --frozen pytest tests/unit/test_k8s_manifests.py -q

lint: setup
	uv run --frozen ruff check .
	uv run --frozen ruff format --check .
	uv run --frozen mypy shared/src services/recruitment/src services/reporting/src services/gateway/src services/deployment/src services/grants/src tests bench examples/partner_consumer
	uv run --frozen platform-schemas check
	uv run --frozen platform-asyncapi check

kafka-up:
	@bash deploy/kafka/kafka.sh up

kafka-down:
	@bash deploy/kafka/kafka.sh down

postgres-up:
	@bash deploy/postgres/postgres.sh up

postgres-down:
	@bash deploy/postgres/postgres.sh down

topics: setup
	uv run --frozen platform-topics create

schemas: setup
	uv run --frozen platform-schemas export shared/schemas && uv run --frozen platform-schemas release
	uv run --frozen platform-asyncapi write

tokens: setup
	@GATEWAY_JWT_SECRET="$${GATEWAY_JWT_SECRET:-$$(cat .data/gateway-jwt-secret)}" \
	GATEWAY_INTERNAL_ASSERTION_SECRET="$${GATEWAY_INTERNAL_ASSERTION_SECRET:-$$(cat .data/internal-assertion-secret)}" \
	uv run --frozen gateway-token --demo

bench: setup
	@bash deploy/local/bench.sh
