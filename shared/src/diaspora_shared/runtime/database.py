"""One database per service: an async engine over SQLite (embedded default) or PostgreSQL."""

import sqlite3
import time
from typing import Any

from sqlalchemy import event, exc, text
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
    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 10) -> None:
        self.url = async_driver_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        options = _engine_options(self.is_sqlite, pool_size, max_overflow)
        self.engine: AsyncEngine = create_async_engine(self.url, **options)
        if self.is_sqlite:
            _serialise_sqlite_writers(self.engine)
        else:
            _skip_closed_connections(self.engine)
        # Same pool and events; its transactions only read (see `read_session`).
        self._reading = self.engine.execution_options(**{READ_ONLY: True})

    def session(self) -> AsyncSession:
        return AsyncSession(self.engine, expire_on_commit=False)

    def read_session(self) -> AsyncSession:
        """For requests that only read: on SQLite its transaction begins without the write
        lock, so readers neither wait for each other nor for a writer (WAL gives each a
        consistent snapshot); on PostgreSQL it is an ordinary session. Writing in it on SQLite
        may fail with "database is locked" instead of waiting."""
        return AsyncSession(self._reading, expire_on_commit=False)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


READ_ONLY = "diaspora_read_only"


def _engine_options(is_sqlite: bool, pool_size: int, max_overflow: int) -> dict[str, Any]:
    # Statement parameters carry personal data (names, e-mail, phone): errors and SQL logs
    # show the statement only, never its values.
    if is_sqlite:
        return {"connect_args": {"timeout": 30}, "hide_parameters": True}
    return {
        "pool_size": pool_size,
        "max_overflow": max_overflow,
        # No pre-ping (`_skip_closed_connections` instead), and connections renewed hourly so
        # none outlives a middlebox's idle timeout by much.
        "pool_recycle": 3600,
        "hide_parameters": True,
    }


def _skip_closed_connections(engine: AsyncEngine) -> None:
    """A pooled connection the server closed (a restart, a terminated backend, an idle timeout)
    is dropped at checkout, without a round trip: asyncpg knows its socket was closed. A ping
    per checkout (SQLAlchemy's pre-ping) cost three round trips, more than half the CPU of a
    short transaction here. A connection that dies unannounced fails its first statement; the
    pool then discards every connection of that age, and the caller's retry (a consumer's
    bounded retries, a client's retry with its idempotency key) gets a fresh one."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise exc.DisconnectionError("the server closed this pooled connection")


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    """SQLite upgrades a read lock to a write lock mid-transaction and fails with "database is
    locked" when another writer got there first; taking the write lock at BEGIN makes concurrent
    transactions wait for each other instead (busy timeout)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        # Switching to WAL takes an exclusive lock that fails at once while another connection
        # writes; the mode is persistent, so only the first connection to a new file switches.
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def _switch_to_wal(cursor: Any, attempts: int = 50) -> None:
    """Switching to WAL needs a moment alone with the file and does not wait for it; the mode
    is persistent, so a connection that finds it already set has nothing to do."""
    for _ in range(attempts):
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0].lower() == "wal":
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            time.sleep(0.05)
    raise RuntimeError("could not switch the SQLite database to WAL mode")
