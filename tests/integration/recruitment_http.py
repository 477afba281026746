"""Recruitment's ASGI app, started on real Kafka and a real database, behind an httpx client."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app
from recruitment.settings import RecruitmentSettings

from ..assertions import as_role


def officer() -> dict[str, str]:
    """Fresh signed headers: assertions are short-lived, as the gateway makes them."""
    return as_role("officer-1", Role.IOM_OFFICER)


def applicant() -> dict[str, str]:
    return as_role("applicant-1", Role.APPLICANT)


@asynccontextmanager
async def recruitment_client(
    kafka: str, topic_prefix: str, database_url: str, app: FastAPI | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database_url
    )
    app = app or create_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as client:
            yield client, runtime
    finally:
        await runtime.stop()


async def count_rows(runtime: ServiceRuntime, table: str, where: str = "true") -> int:
    async with runtime.database.engine.connect() as connection:
        result = await connection.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"))
        count: int = result.scalar_one()
        return count
