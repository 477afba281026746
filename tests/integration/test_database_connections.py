"""Pooled PostgreSQL connections the server closed are not handed out again: a restart or a
terminated backend costs no request its answer, without a ping before every transaction."""

import asyncio

import asyncpg
from sqlalchemy import text

from diaspora_shared.runtime.database import Database

from ..kafka_helpers import eventually


async def _backends(admin: asyncpg.Connection, database: str) -> list[int]:
    rows = await admin.fetch(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        database,
    )
    return [row["pid"] for row in rows]


async def test_connections_the_server_closed_are_skipped_at_checkout(postgres_url: str) -> None:
    database = Database(postgres_url, pool_size=3, max_overflow=0)
    name = postgres_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(postgres_url.replace(f"/{name}", "/postgres"))
    try:
        # Three pooled connections, idle in the pool.
        async def one_transaction() -> int:
            async with database.engine.begin() as connection:
                await asyncio.sleep(0.05)  # held long enough for the three to overlap
                return int((await connection.execute(text("SELECT 1"))).scalar_one())

        assert await asyncio.gather(*(one_transaction() for _ in range(3))) == [1, 1, 1]
        pooled = await _backends(admin, name)
        assert len(pooled) == 3
        for pid in pooled:
            await admin.execute("SELECT pg_terminate_backend($1)", pid)

        async def gone() -> bool:
            return await _backends(admin, name) == []

        await eventually(gone)
        await asyncio.sleep(0.1)  # the client's event loop reads each socket's end
        # Every pooled connection is dead; each checkout finds that out locally and connects
        # anew, so every transaction succeeds.
        assert await asyncio.gather(*(one_transaction() for _ in range(3))) == [1, 1, 1]
        assert len(set(await _backends(admin, name)) & set(pooled)) == 0
    finally:
        await admin.close()
        await database.dispose()
