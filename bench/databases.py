"""Fresh databases for one bench run, dropped afterwards."""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import asyncpg


class Databases:
    def __init__(self, postgres_admin_url: str, scratch: Path) -> None:
        self._admin_url = postgres_admin_url
        self._scratch = scratch
        self._created: list[str] = []

    def sqlite(self, name: str) -> str:
        path = self._scratch / f"{name}-{uuid4().hex[:8]}.db"
        return f"sqlite:///{path}"

    async def postgres(self) -> str:
        name = f"bench_{uuid4().hex[:12]}"
        await self._admin(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return urlunsplit(urlsplit(self._admin_url)._replace(path=f"/{name}"))

    async def drop_all(self) -> None:
        for name in self._created:
            await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.clear()

    async def _admin(self, statement: str) -> None:
        connection = await asyncpg.connect(self._admin_url)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()
