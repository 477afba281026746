"""The platform as processes on PostgreSQL and on a Kafka broker of the suite's own, so that
SIGKILLing the broker touches nobody else's tests."""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from diaspora_shared.contracts.admin import ensure_topics
from diaspora_shared.contracts.topics import TopicSpec
from diaspora_shared.contracts.vocabulary import Role
from gateway.auth import mint_token
from gateway.settings import GatewaySettings

from ..processes import ServiceProcess, free_port
from .broker import PROBE_TOPIC, OwnBroker

SERVICES = ("recruitment", "reporting")


@dataclass
class FaultPlatform:
    broker: OwnBroker
    processes: dict[str, ServiceProcess]
    urls: dict[str, str]
    database_urls: dict[str, str]
    settings: GatewaySettings

    @property
    def gateway_url(self) -> str:
        return self.urls["gateway"]

    def token(self, role: Role, subject: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, subject, role)}"}

    async def restart(self, name: str) -> None:
        """Start a killed service again and wait until it answers ready."""
        process = self.processes[name]
        await asyncio.to_thread(lambda: process.start().wait_ready(self.urls[name], 90))


@pytest.fixture
async def own_broker(tmp_path: Path) -> AsyncIterator[OwnBroker]:
    broker = OwnBroker.in_directory(tmp_path / "kafka")
    await asyncio.to_thread(broker.up)
    try:
        await ensure_topics(broker.bootstrap)
        await ensure_topics(broker.bootstrap, specs=(TopicSpec(PROBE_TOPIC, 1, "restart probe"),))
        yield broker
    finally:
        await asyncio.to_thread(broker.down)


@pytest.fixture
async def fault_platform(
    own_broker: OwnBroker,
    new_postgres_database: Callable[[], Awaitable[str]],
    tmp_path: Path,
) -> AsyncIterator[FaultPlatform]:
    ports = {name: free_port() for name in (*SERVICES, "gateway")}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    database_urls = {name: await new_postgres_database() for name in SERVICES}
    processes = {
        name: ServiceProcess(
            name,
            _service_env(name, own_broker, database_urls[name], ports[name]),
            _log(tmp_path, name),
        )
        for name in SERVICES
    }
    upstreams = [{"name": name, "url": urls[name]} for name in SERVICES]
    gateway_env = {
        "GATEWAY_HTTP_PORT": str(ports["gateway"]),
        "GATEWAY_UPSTREAMS": json.dumps(upstreams),
        # One address and one officer drive the whole load; the limits have their own tests.
        "GATEWAY_RATE_LIMIT_CLIENT_PER_SECOND": "100000",
        "GATEWAY_RATE_LIMIT_CLIENT_BURST": "100000",
        "GATEWAY_RATE_LIMIT_SUBJECT_PER_SECOND": "100000",
        "GATEWAY_RATE_LIMIT_SUBJECT_BURST": "100000",
    }
    processes["gateway"] = ServiceProcess("gateway", gateway_env, _log(tmp_path, "gateway"))
    try:
        for process in processes.values():
            process.start()
        for name, process in processes.items():
            await asyncio.to_thread(process.wait_ready, urls[name], 90)
        yield FaultPlatform(own_broker, processes, urls, database_urls, GatewaySettings())
    finally:
        for process in processes.values():
            process.stop()


def _service_env(name: str, broker: OwnBroker, database_url: str, port: int) -> dict[str, str]:
    prefix = name.upper()
    return {
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        f"{prefix}_KAFKA_TOPIC_PREFIX": "",
        f"{prefix}_DATABASE_URL": database_url,
        f"{prefix}_HTTP_PORT": str(port),
    }


def _log(tmp_path: Path, name: str) -> Path:
    return tmp_path / f"{name}.log"
