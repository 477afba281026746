"""The platform as separate processes on real Kafka and PostgreSQL."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..processes import ServiceProcess, free_port


@dataclass
class Platform:
    gateway_url: str
    settings: GatewaySettings
    topic_prefix: str
    processes: dict[str, ServiceProcess]
    urls: dict[str, str]

    @property
    def reporting(self) -> ServiceProcess:
        return self.processes["reporting"]

    def token(self, role: Role, subject: str, org: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, subject, role, org=org)}"}

    def restart_reporting(self) -> None:
        self.reporting.start().wait_ready(self.urls["reporting"])


@asynccontextmanager
async def started(
    services: tuple[str, ...],
    kafka: str,
    topic_prefix: str,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
    gateway_extra: dict[str, str] | None = None,
) -> AsyncIterator[Platform]:
    """The named services, each a process with its own database, behind a gateway (with
    `gateway_extra` added to its environment)."""
    ports = {name: free_port() for name in (*services, "gateway")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    processes: dict[str, ServiceProcess] = {}
    for name in services:
        prefix = name.upper()
        env = {
            "KAFKA_BOOTSTRAP_SERVERS": kafka,
            f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": kafka,
            f"{prefix}_KAFKA_TOPIC_PREFIX": topic_prefix,
            f"{prefix}_DATABASE_URL": await new_postgres_database(),
            f"{prefix}_HTTP_PORT": str(ports[name]),
        }
        processes[name] = ServiceProcess(name, env, tmp_path / f"{name}.log").start()
    upstreams = [{"name": name, "url": urls[name]} for name in services]
    gateway_env = {
        "GATEWAY_HTTP_PORT": str(ports["gateway"]),
        "GATEWAY_UPSTREAMS": json.dumps(upstreams),
        # These tests drive many users from one address; the limits have their own tests.
        "GATEWAY_RATE_LIMIT_CLIENT_PER_SECOND": "100000",
        "GATEWAY_RATE_LIMIT_CLIENT_BURST": "100000",
        **(gateway_extra or {}),
    }
    processes["gateway"] = ServiceProcess("gateway", gateway_env, tmp_path / "gateway.log").start()
    try:
        for name, process in processes.items():
            process.wait_ready(urls[name])
        yield Platform(
            gateway_url=urls["gateway"],
            settings=GatewaySettings(),
            topic_prefix=topic_prefix,
            processes=processes,
            urls=urls,
        )
    finally:
        for process in processes.values():
            process.stop()


@pytest.fixture
async def platform(
    kafka: str,
    topic_prefix: str,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[Platform]:
    """Recruitment and reporting behind the gateway."""
    services = ("recruitment", "reporting")
    async with started(services, kafka, topic_prefix, new_postgres_database, tmp_path) as it:
        yield it


@pytest.fixture
async def whole_platform(
    kafka: str,
    topic_prefix: str,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[Platform]:
    """Every service behind the gateway."""
    services = ("recruitment", "deployment", "grants", "reporting")
    async with started(services, kafka, topic_prefix, new_postgres_database, tmp_path) as it:
        yield it
