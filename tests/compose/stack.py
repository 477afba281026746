"""The running docker-compose stack that `make compose-test` brought up: how to reach its
gateway, sign its users' tokens and act on its containers."""

import json
import os
import shlex
import subprocess
import time
from dataclasses import dataclass

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings


@dataclass(frozen=True)
class ComposeStack:
    gateway_url: str
    compose: list[str]
    settings: GatewaySettings

    @classmethod
    def from_environment(cls) -> "ComposeStack":
        """The stack deploy/docker/compose-test.sh describes in the environment; a missing
        variable fails the test (the stack is not there), it never skips it."""
        missing = [
            name
            for name in ("COMPOSE_TEST_GATEWAY_URL", "COMPOSE_TEST_COMMAND", "GATEWAY_JWT_SECRET")
            if not os.environ.get(name)
        ]
        assert not missing, f"no compose stack described: {missing} unset (make compose-test)"
        return cls(
            gateway_url=os.environ["COMPOSE_TEST_GATEWAY_URL"],
            compose=shlex.split(os.environ["COMPOSE_TEST_COMMAND"]),
            settings=GatewaySettings(),
        )

    def token(self, role: Role, subject: str, org: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, subject, role, org=org)}"}

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.compose, *args], capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, f"{args}: {done.stderr or done.stdout}"
        return done.stdout

    def container(self, service: str) -> dict[str, object]:
        """`docker inspect` of the service's one container."""
        container_id = self.run("ps", "-q", service).strip()
        assert container_id, f"no container for {service}"
        done = subprocess.run(
            ["docker", "inspect", container_id], capture_output=True, text=True, check=True
        )
        inspected: list[dict[str, object]] = json.loads(done.stdout)
        return inspected[0]

    def wait_healthy(self, service: str, timeout: float = 180.0) -> dict[str, object]:
        """Wait until the service's container reports healthy (its image's HEALTHCHECK on
        /health/ready); fail with its last health record."""
        deadline = time.monotonic() + timeout
        while True:
            inspected = self.container(service)
            state = inspected["State"]
            assert isinstance(state, dict)
            health = state.get("Health") or {}
            if health.get("Status") == "healthy":
                return inspected
            assert time.monotonic() < deadline, f"{service} not healthy: {health}"
            time.sleep(1)
