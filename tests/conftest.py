"""Fixtures shared by every test: real Kafka, real databases, isolated topic names."""

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from diaspora_shared.contracts.admin import ensure_topics

from .assertions import TEST_ASSERTION_SECRET, TEST_PERSON_REF_KEY
from .infrastructure import kafka_bootstrap_servers, postgres_admin_url, require_reachable

DatabaseFactory = Callable[[], Awaitable[str]]

os.environ.setdefault("GATEWAY_JWT_SECRET", "test-secret-that-is-long-enough-for-hs256-0123")
# The gateway signs internal assertions with this key and every service verifies with it.
for _variable in (
    "GATEWAY_INTERNAL_ASSERTION_SECRET",
    "RECRUITMENT_INTERNAL_ASSERTION_SECRET",
    "REPORTING_INTERNAL_ASSERTION_SECRET",
    "DEPLOYMENT_INTERNAL_ASSERTION_SECRET",
    "GRANTS_INTERNAL_ASSERTION_SECRET",
):
    os.environ.setdefault(_variable, TEST_ASSERTION_SECRET)
# Recruitment, deployment and grants compute person references with one shared key.
for _service in ("RECRUITMENT", "DEPLOYMENT", "GRANTS"):
    os.environ.setdefault(f"{_service}_PERSON_REF_KEY", TEST_PERSON_REF_KEY)


@pytest.fixture(scope="session")
def kafka() -> Iterator[str]:
    with kafka_bootstrap_servers() as address:
        require_reachable(address, "Kafka")
        yield address


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with postgres_admin_url() as url:
        parts = urlsplit(url)
        require_reachable(f"{parts.hostname}:{parts.port or 5432}", "PostgreSQL")
        yield url


@pytest.fixture
async def topic_prefix(kafka: str) -> AsyncIterator[str]:
    """Every test gets its own copy of the declared topics, so tests never see each other's
    events on a shared broker; they are deleted afterwards."""
    prefix = f"t{uuid4().hex[:10]}."
    created = await ensure_topics(kafka, prefix)
    yield prefix
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        await admin.delete_topics(created)
    finally:
        await admin.close()


@pytest.fixture
async def new_postgres_database(
    postgres_server: str,
) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """Creates empty databases on the test server and drops them afterwards."""
    created: list[str] = []

    async def create() -> str:
        name = f"test_{uuid4().hex[:12]}"
        await _admin(postgres_server, f'CREATE DATABASE "{name}"')
        created.append(name)
        return urlunsplit(urlsplit(postgres_server)._replace(path=f"/{name}"))

    yield create
    for name in created:
        await _admin(postgres_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def postgres_url(new_postgres_database: DatabaseFactory) -> str:
    return await new_postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'service.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs a test on the embedded default and on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


async def _admin(server_url: str, statement: str) -> None:
    dsn = server_url.replace("postgresql+asyncpg://", "postgresql://").replace("+psycopg2", "")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
