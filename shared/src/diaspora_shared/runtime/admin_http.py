"""Read-only views for IOM officers of what a service could not handle: the dead letters its
consumer groups wrote, and the outbox rows its relay parked. Every service mounts the same router,
under the service's own name, and the gateway publishes each one from its OpenAPI document.

Nothing personal is shown: never a record's value (an applicant's data may be in it), a key only
when it reads as an identifier, and reasons with e-mail addresses and phone numbers masked. Fixing
and redriving stay with the `platform-dead-letters` and `platform-outbox` commands.
"""

import re
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Final

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from ..contracts.topics import dead_letter_topic, qualified
from ..contracts.vocabulary import Role
from .access import allow
from .dead_letter_admin import DeadLetter, read_dead_letters
from .log_scrubbing import scrub_text
from .outbox_admin import ParkedRow, parked_rows

if TYPE_CHECKING:
    from .service import ServiceRuntime

REASON_SHOWN_CHARS: Final = 300
EVENT_TYPE_HEADER: Final = "ce_type"
# Aggregate ids, UUIDs, slugs and codes; anything else (a space, an "@", a "+") is not shown.
IDENTIFIER_KEY: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")

Limit = Annotated[int, Query(ge=1, le=100, description="Rows per page.")]
Skip = Annotated[int, Query(ge=0, le=100_000, description="Rows skipped before the page.")]


class DeadLetterView(BaseModel):
    original_topic: str
    dead_letter_topic: str
    partition: int
    offset: int
    consumer_group: str
    event_type: str | None
    key: str | None = Field(description="Shown only when it is an identifier.")
    reason: str
    failed_at: str


class ParkedRowView(BaseModel):
    seq: int
    event_id: str
    event_type: str
    topic: str
    key: str | None = Field(description="Shown only when it is an identifier.")
    attempts: int
    parked_at: datetime
    reason: str
    waiting_behind: int


class DeadLetterPage(BaseModel):
    items: list[DeadLetterView]
    total: int
    limit: int
    skip: int


class ParkedRowPage(BaseModel):
    items: list[ParkedRowView]
    total: int
    limit: int
    skip: int


def admin_router(service_name: str) -> APIRouter:
    """Under `/<service>/admin`: behind the gateway's shared `/api` prefix, each service's
    view keeps a path of its own."""
    router = APIRouter(
        prefix=f"/{service_name}/admin",
        tags=["operations (read-only)"],
        dependencies=[Depends(allow(Role.IOM_OFFICER))],
    )
    router.add_api_route(
        "/dead-letters",
        list_dead_letters,
        methods=["GET"],
        summary="Dead letters of this service's consumer groups, oldest first",
    )
    router.add_api_route(
        "/outbox/parked",
        list_parked_rows,
        methods=["GET"],
        summary="Outbox rows the relay parked, oldest first",
    )
    return router


async def list_dead_letters(request: Request, limit: Limit = 20, skip: Skip = 0) -> DeadLetterPage:
    views = await dead_letters_of(request.app.state.runtime)
    return DeadLetterPage(
        items=views[skip : skip + limit], total=len(views), limit=limit, skip=skip
    )


async def list_parked_rows(request: Request, limit: Limit = 20, skip: Skip = 0) -> ParkedRowPage:
    runtime: ServiceRuntime = request.app.state.runtime
    views = [parked_view(row) for row in await parked_rows(runtime.database)]
    return ParkedRowPage(items=views[skip : skip + limit], total=len(views), limit=limit, skip=skip)


async def dead_letters_of(runtime: "ServiceRuntime") -> list[DeadLetterView]:
    """The letters on the dead-letter topics of every topic the service consumes, written by
    one of its own groups (another service's groups share those topics)."""
    settings = runtime.settings
    groups = {consumer.group_id for consumer in runtime.consumers}
    topics = sorted({topic for consumer in runtime.consumers for topic in consumer.topics})
    views: list[DeadLetterView] = []
    for topic in topics:
        dlt = dead_letter_topic(qualified(topic, settings.kafka_topic_prefix))
        try:
            letters = await read_dead_letters(settings.kafka_bootstrap_servers, dlt)
        except LookupError:
            continue  # nothing was ever dead-lettered there
        views.extend(letter_view(dlt, x) for x in letters if x.consumer_group in groups)
    return sorted(views, key=lambda view: (view.failed_at, view.dead_letter_topic, view.offset))


def letter_view(dlt: str, letter: DeadLetter) -> DeadLetterView:
    key = letter.key.decode(errors="replace") if letter.key is not None else None
    return DeadLetterView(
        original_topic=letter.original_topic,
        dead_letter_topic=dlt,
        partition=letter.partition,
        offset=letter.offset,
        consumer_group=letter.consumer_group,
        event_type=letter.header(EVENT_TYPE_HEADER) or None,
        key=shown_key(key),
        reason=shown_reason(letter.reason),
        failed_at=letter.failed_at,
    )


def parked_view(row: ParkedRow) -> ParkedRowView:
    return ParkedRowView(
        seq=row.seq,
        event_id=row.event_id,
        event_type=row.event_type,
        topic=row.topic,
        key=shown_key(row.key),
        attempts=row.attempts,
        parked_at=row.parked_at,
        reason=shown_reason(row.reason),
        waiting_behind=row.waiting_behind,
    )


def shown_key(key: str | None) -> str | None:
    return key if key is not None and IDENTIFIER_KEY.fullmatch(key) else None


def shown_reason(reason: str) -> str:
    return scrub_text(reason.replace("\n", " "))[:REASON_SHOWN_CHARS]
