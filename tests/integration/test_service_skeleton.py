"""A new service is its routes, domain errors and migrations: the platform gives it the rest
(settings, app factory, runtime, unit of work and session dependencies, Alembic environment,
health, outbox and pruning). Proven with a throwaway service built in the test."""

from pathlib import Path

import httpx
from fastapi import APIRouter, Depends
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow, allow_any_role
from diaspora_shared.runtime.dependencies import ActorDep, SessionDep, UowDep
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition
from diaspora_shared.runtime.settings import ServiceSettings

from ..assertions import TEST_ASSERTION_SECRET, as_role

ENV_PY = "from diaspora_shared.runtime.migrations import run_env\n\nrun_env()\n"
FIRST_MIGRATION = """
import sqlalchemy as sa
from alembic import op

from diaspora_shared.runtime.migrations import (
    add_outbox_parking, create_outbox_table, create_processed_events_table,
)

revision = "0001_notes"
down_revision = None


def upgrade() -> None:
    op.create_table("notes", sa.Column("text", sa.String(200), primary_key=True))
    create_outbox_table()
    create_processed_events_table()
    add_outbox_parking()
"""


class NotesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTES_")

    service_name: str = "notes"


class NoteMissing(Exception):
    pass


router = APIRouter(prefix="/notes")


@router.post("/{note}", status_code=201, dependencies=[Depends(allow(Role.IOM_OFFICER))])
async def add_note(note: str, _actor: ActorDep, uow: UowDep) -> dict[str, str]:
    async with uow:
        connection = await uow.session.connection()
        await connection.execute(text("INSERT INTO notes (text) VALUES (:text)"), {"text": note})
        await uow.commit()
    return {"note": note}


@router.get("/{note}", dependencies=[Depends(allow_any_role())])
async def read_note(note: str, session: SessionDep) -> dict[str, str]:
    connection = await session.connection()
    query = text("SELECT text FROM notes WHERE text = :text")
    if (await connection.execute(query, {"text": note})).first() is None:
        raise NoteMissing(note)
    return {"note": note}


def write_migrations(folder: Path) -> Path:
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text(ENV_PY)
    (folder / "versions" / "0001_notes.py").write_text(FIRST_MIGRATION)
    return folder


async def test_a_service_declared_in_a_few_lines_runs_with_the_platforms_runtime(
    kafka: str, topic_prefix: str, sqlite_url: str, tmp_path: Path
) -> None:
    notes = ServiceDefinition(
        settings=NotesSettings,
        title="Notes service",
        description="A throwaway service.",
        migrations=write_migrations(tmp_path / "migrations"),
        routers=[router],
        domain_errors={NoteMissing: 404},
    )
    settings = NotesSettings(
        kafka_bootstrap_servers=kafka,
        kafka_topic_prefix=topic_prefix,
        database_url=sqlite_url,
        internal_assertion_secret=SecretStr(TEST_ASSERTION_SECRET),
    )
    app = notes.create_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    actor = as_role("officer-1", Role.IOM_OFFICER, audience="notes")
    await runtime.start()
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notes"
        ) as client:
            assert (await client.get("/health/ready")).status_code == 200
            assert (await client.post("/notes/hello", headers=actor)).status_code == 201
            assert (await client.get("/notes/hello", headers=actor)).json() == {"note": "hello"}
            assert (await client.get("/notes/missing", headers=actor)).status_code == 404
            assert (await client.post("/notes/unsigned")).status_code == 401
    finally:
        await runtime.stop()
    assert [job.name for job in runtime.periodic_jobs] == ["outbox-pruning"]
    assert callable(notes.main)
