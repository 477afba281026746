"""One database per service: an async engine over SQLite (embedded default) or PostgreSQL."""

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def async_driver_url(url: str) -> str:
    """Accept the plain URLs people write and pick the async driver for them."""
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


class Database:
    def __init__(self, url: str) -> None:
        self.url = async_driver_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine: AsyncEngine = create_async_engine(self.url, **_engine_options(self.is_sqlite))
        if self.is_sqlite:
            _serialise_sqlite_writers(self.engine)

    def session(self) -> AsyncSession:
        return AsyncSession(self.engine, expire_on_commit=False)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _engine_options(is_sqlite: bool) -> dict[str, Any]:
    if is_sqlite:
        return {"connect_args": {"timeout": 30}}
    return {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True}


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    """SQLite upgrades a read lock to a write lock mid-transaction and fails with "database is
    locked" when another writer got there first; taking the write lock at BEGIN makes concurrent
    transactions wait for each other instead (busy timeout)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
