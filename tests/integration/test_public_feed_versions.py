"""The public feed's ledger and version mechanism, on SQLite and PostgreSQL: a source event seen
again (a replay, a reset consumer group) stages nothing new, and a new major version of a public
event is derived from the same source event beside the old one, each on its own topic with its
own stable id, for as long as both are listed; two instances deriving one event at once (on
PostgreSQL) stage it once."""

import asyncio
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import ClassVar
from uuid import uuid4

from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import IntegrationEvent, MissionStarted
from diaspora_shared.contracts.public import PublicEvent, month_of, public_event_id
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from diaspora_shared.runtime.outbox import OutboxMessage
from reporting.adapters.public_feed_tables import PublishedPublicEvent
from reporting.entrypoints.app import MIGRATIONS
from reporting.service_layer.public_feed import public_feed_handlers
from reporting.service_layer.public_feed_rules import (
    PUBLIC_DERIVATIONS,
    Derivation,
    mission_started,
)

AT = datetime(2027, 3, 4, 10, tzinfo=UTC)


class MissionStartedV2(PublicEvent):
    """The breaking successor of v1 this test stands up: the month becomes a quarter."""

    event_type: ClassVar[str] = "org.iom.diaspora.mission.started.v2"
    topic: ClassVar[str] = "public.deployment.v2"
    key_field: ClassVar[str] = "institution_code"
    example: ClassVar[dict[str, object]] = {"institution_code": "IPRC-KGL", "quarter": "2027-Q1"}

    institution_code: str = Field(max_length=40, description="Code of the host institution.")
    quarter: str = Field(pattern=r"^[0-9]{4}-Q[1-4]$", description="Quarter it started.")


def mission_started_v2(event: MissionStarted) -> PublicEvent:
    quarter = (event.started_at.month - 1) // 3 + 1
    return MissionStartedV2(
        institution_code=event.institution_code, quarter=f"{event.started_at.year}-Q{quarter}"
    )


def started() -> MissionStarted:
    return MissionStarted(
        mission_id=uuid4(), institution_code="IPRC-KGL", professional_id=uuid4(), started_at=AT
    )


Rules = Mapping[type[IntegrationEvent], tuple[Derivation, ...]]


async def apply_twice(
    database_url: str, rules: Rules, wake_relay: Callable[[], None] = lambda: None
) -> tuple[Envelope, list[OutboxMessage], list[PublishedPublicEvent]]:
    """Hand one source event to the feed's handler twice, as a replay would; what was staged."""
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    event = started()
    envelope = envelope_for(event, source="/test")
    handle = public_feed_handlers(wake_relay, rules)[MissionStarted]
    try:
        for _ in range(2):
            async with database.session() as session:
                await handle(session, event, envelope)
                await session.commit()
        async with database.session() as session:
            rows = list((await session.exec(select(OutboxMessage))).all())
            ledger = list((await session.exec(select(PublishedPublicEvent))).all())
    finally:
        await database.dispose()
    return envelope, rows, ledger


async def test_a_source_event_seen_again_stages_nothing_new(database_url: str) -> None:
    wakes: list[int] = []
    envelope, rows, ledger = await apply_twice(
        database_url, PUBLIC_DERIVATIONS, lambda: wakes.append(len(wakes))
    )
    assert wakes == [0], "the relay is woken after the commit that staged, not after the replay"
    expected = public_event_id("org.iom.diaspora.mission.started.v1", envelope.id)
    assert [(r.event_id, r.topic, r.message_key) for r in rows] == [
        (expected, "public.deployment.v1", "IPRC-KGL")
    ]
    assert [(e.event_id, e.source_event_id) for e in ledger] == [(expected, envelope.id)]
    assert json.loads(rows[0].payload) == {"institution_code": "IPRC-KGL", "month": month_of(AT)}


async def test_a_new_major_version_is_published_beside_the_old_one(database_url: str) -> None:
    side_by_side: dict[type[IntegrationEvent], tuple[Derivation, ...]] = {
        **PUBLIC_DERIVATIONS,
        MissionStarted: (mission_started, mission_started_v2),
    }
    envelope, rows, _ledger = await apply_twice(database_url, side_by_side)
    published = {(r.topic, r.event_type, r.event_id) for r in rows}
    assert published == {
        (
            "public.deployment.v1",
            "org.iom.diaspora.mission.started.v1",
            public_event_id("org.iom.diaspora.mission.started.v1", envelope.id),
        ),
        (
            "public.deployment.v2",
            "org.iom.diaspora.mission.started.v2",
            public_event_id("org.iom.diaspora.mission.started.v2", envelope.id),
        ),
    }
    payloads = {r.topic: json.loads(r.payload) for r in rows}
    assert payloads["public.deployment.v2"] == {
        "institution_code": "IPRC-KGL",
        "quarter": "2027-Q1",
    }


async def test_two_instances_deriving_one_event_at_once_stage_it_once(postgres_url: str) -> None:
    """During a rebalance two instances may hold the same record: the ledger's key lets one
    commit and turns the other into an error the consumer retries (and then sees a duplicate)."""
    await upgrade_to_head(MIGRATIONS, postgres_url)
    database = Database(postgres_url)
    event = started()
    envelope = envelope_for(event, source="/test")
    handle = public_feed_handlers(lambda: None)[MissionStarted]

    async def derive() -> bool:
        async with database.session() as session:
            await handle(session, event, envelope)
            await session.commit()
        return True

    try:
        outcomes = await asyncio.gather(derive(), derive(), return_exceptions=True)
        async with database.session() as session:
            rows = list((await session.exec(select(OutboxMessage))).all())
    finally:
        await database.dispose()
    assert True in outcomes
    assert all(o is True or isinstance(o, IntegrityError) for o in outcomes)
    assert len(rows) == 1
