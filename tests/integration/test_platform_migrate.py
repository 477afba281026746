"""`platform-migrate`: the migration step of a deployment and the wait of each replica before it
starts (deploy/k8s: the migration Job and the init container), on PostgreSQL."""

import asyncio

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from diaspora_shared.runtime import migrate_cli
from diaspora_shared.runtime.database import async_driver_url
from diaspora_shared.runtime.migrate_cli import SERVICES, run, schema_at_head, service_definition

pytestmark = pytest.mark.postgres


async def _tables(database_url: str) -> set[str]:
    engine = create_async_engine(async_driver_url(database_url))
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    return set(names)


@pytest.mark.parametrize("service", SERVICES)
async def test_upgrade_brings_each_service_schema_to_head(service, postgres_url, monkeypatch):
    monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", postgres_url)
    migrations = service_definition(service).migrations
    assert not await schema_at_head(migrations, postgres_url)

    await run(service, wait=False, timeout_seconds=0)

    assert await schema_at_head(migrations, postgres_url)
    assert {"outbox_messages", "alembic_version"} <= await _tables(postgres_url)


async def test_wait_returns_once_another_process_has_migrated(postgres_url, monkeypatch):
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", postgres_url)
    saw_old_schema = asyncio.Event()

    async def observed_check(script_location, database_url):
        at_head = await schema_at_head(script_location, database_url)
        if not at_head:
            saw_old_schema.set()
        return at_head

    monkeypatch.setattr(migrate_cli, "schema_at_head", observed_check)
    waiting = asyncio.create_task(run("recruitment", wait=True, timeout_seconds=120))
    await asyncio.wait_for(saw_old_schema.wait(), timeout=30)
    assert not waiting.done()

    await run("recruitment", wait=False, timeout_seconds=0)

    await asyncio.wait_for(waiting, timeout=30)
    assert await schema_at_head(service_definition("recruitment").migrations, postgres_url)


async def test_wait_gives_up_with_a_failure_when_nobody_migrates(postgres_url, monkeypatch):
    monkeypatch.setenv("GRANTS_DATABASE_URL", postgres_url)
    with pytest.raises(SystemExit) as stopped:
        await run("grants", wait=True, timeout_seconds=0.5)
    assert "not at head" in str(stopped.value.code)
    assert "alembic_version" not in await _tables(postgres_url)


async def test_wait_treats_an_unreachable_database_as_not_ready(monkeypatch, capsys):
    monkeypatch.setenv("REPORTING_DATABASE_URL", "postgresql://nobody:secret-pw@127.0.0.1:9/none")
    with pytest.raises(SystemExit):
        await run("reporting", wait=True, timeout_seconds=0.2)
    assert "secret-pw" not in capsys.readouterr().err
