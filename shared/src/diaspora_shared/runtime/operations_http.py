"""Read-only operations views, the same in every service: the dead letters its consumer groups
wrote and its parked outbox rows, for IOM officers (the officer console shows them; acting on
them stays with the commands `platform-dead-letters` and `platform-outbox`, see deploy/README.md).

A dead letter's value and key are never shown: they may hold an applicant's data. What is shown
is what the commands print: where it came from, which group failed, when and why, and the
event's type and id from its headers. Reasons are exception texts, which could quote a value:
e-mail addresses and phone numbers in them are masked, as in the logs.
"""

from datetime import UTC, datetime
from typing import Annotated

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from ..contracts.topics import dead_letter_topics, qualified
from ..contracts.vocabulary import Role
from .access import allow
from .database import Database
from .dead_letter_admin import DeadLetter, read_dead_letters
from .http_problems import problems
from .log_scrubbing import scrub_text
from .outbox_admin import parked_rows
from .settings import ServiceSettings

MAX_ROWS = 500


class DeadLetterView(BaseModel):
    original_topic: str
    consumer_group: str
    # Its place on the dead-letter topic, which `platform-dead-letters redrive --offset` takes.
    partition: int
    offset: int
    failed_at: str
    reason: str
    event_type: str
    event_id: str


class DeadLetters(BaseModel):
    read_at: datetime
    total: int
    letters: list[DeadLetterView]


class ParkedRowView(BaseModel):
    seq: int
    event_id: str
    event_type: str
    topic: str
    attempts: int
    parked_at: datetime
    reason: str
    waiting_behind: int


class ParkedRows(BaseModel):
    read_at: datetime
    total: int
    rows: list[ParkedRowView]


Limit = Annotated[int, Query(ge=1, le=MAX_ROWS, description="Newest rows shown at most.")]


# The app factory (service.py) mounts this router, so the runtime is reached through the app
# rather than imported from it.
async def _settings(request: Request) -> ServiceSettings:
    settings: ServiceSettings = request.app.state.runtime.settings
    return settings


async def _database(request: Request) -> Database:
    database: Database = request.app.state.runtime.database
    return database


SettingsDep = Annotated[ServiceSettings, Depends(_settings)]
DatabaseDep = Annotated[Database, Depends(_database)]


def operations_router(service_name: str) -> APIRouter:
    router = APIRouter(
        prefix=f"/{service_name}/operations",
        tags=["operations"],
        dependencies=[Depends(allow(Role.IOM_OFFICER))],
    )

    @router.get(
        "/dead-letters",
        responses=problems(422, 503),
        summary="Dead letters this service's consumers wrote (officer)",
    )
    async def dead_letters(settings: SettingsDep, limit: Limit = 100) -> DeadLetters:
        ours = f"{service_name}."
        letters: list[DeadLetter] = []
        for name in dead_letter_topics():
            topic = qualified(name, settings.kafka_topic_prefix)
            try:
                read = await read_dead_letters(settings.kafka_bootstrap_servers, topic)
            except KafkaError as error:
                raise HTTPException(503, "Kafka does not answer; try again") from error
            letters.extend(letter for letter in read if letter.consumer_group.startswith(ours))
        letters.sort(key=lambda letter: letter.failed_at, reverse=True)
        return DeadLetters(
            read_at=datetime.now(UTC),
            total=len(letters),
            letters=[_letter_view(letter) for letter in letters[:limit]],
        )

    @router.get(
        "/outbox/parked",
        responses=problems(422),
        summary="Outbox rows Kafka refused until parked (officer)",
    )
    async def parked(database: DatabaseDep, limit: Limit = 100) -> ParkedRows:
        rows = await parked_rows(database)
        return ParkedRows(
            read_at=datetime.now(UTC),
            total=len(rows),
            rows=[
                ParkedRowView(
                    seq=row.seq,
                    event_id=row.event_id,
                    event_type=row.event_type,
                    topic=row.topic,
                    attempts=row.attempts,
                    parked_at=row.parked_at,
                    reason=scrub_text(row.reason),
                    waiting_behind=row.waiting_behind,
                )
                for row in rows[:limit]
            ],
        )

    return router


def _letter_view(letter: DeadLetter) -> DeadLetterView:
    return DeadLetterView(
        original_topic=letter.original_topic,
        consumer_group=letter.consumer_group,
        partition=letter.partition,
        offset=letter.offset,
        failed_at=letter.failed_at,
        reason=scrub_text(letter.reason),
        event_type=letter.header("ce_type"),
        event_id=letter.header("ce_id"),
    )
