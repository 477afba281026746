"""The duplicate path: the relay crashes after Kafka acknowledged a batch and before it marked
the rows sent. The next relay sends them again with the same ids, and a consumer applies each
event once. SQLite and PostgreSQL for recruitment's outbox."""

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC, CALLS_TOPIC
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.consumer import ProcessedEvent
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.outbox import OutboxMessage
from diaspora_shared.runtime.outbox_relay import OutboxRelay
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP

from ..kafka_helpers import eventually, read_records
from ..runtimes import (
    accept_new_applicant,
    accepted_in,
    migrate_recruitment,
    open_call,
    recruitment_runtime,
    report_of,
    reporting_runtime,
    running,
)

EVENTS = 4  # call opened; application submitted, screened, applicant accepted


class SimulatedCrash(Exception):
    """The relay's process dies between Kafka's acknowledgement and its own commit."""


async def crash_after_acknowledgement(acknowledged: Sequence[OutboxMessage]) -> None:
    assert len(acknowledged) == EVENTS
    raise SimulatedCrash


async def test_events_resent_after_a_crash_keep_their_ids_and_are_applied_once(
    kafka: str, topic_prefix: str, database_url: str, tmp_path: Path
) -> None:
    recruitment = recruitment_runtime(kafka, topic_prefix, database_url)
    await migrate_recruitment(recruitment)
    call_id = await open_call(recruitment, Track.HEALTH)
    await accept_new_applicant(recruitment, call_id, Sex.MALE, index=1, course="Surgery")

    producer = create_producer(kafka, "relay-under-test")
    await producer.start()
    try:
        relay = OutboxRelay(recruitment.database, producer, topic_prefix=topic_prefix)
        relay.after_acknowledgement = crash_after_acknowledgement
        with pytest.raises(SimulatedCrash):
            await relay.publish_pending()
        assert await _unsent(recruitment) == EVENTS

        restarted = OutboxRelay(recruitment.database, producer, topic_prefix=topic_prefix)
        assert await restarted.publish_pending() == EVENTS
        assert await _unsent(recruitment) == 0
    finally:
        await producer.stop()
        await recruitment.database.dispose()

    topics = [f"{topic_prefix}{CALLS_TOPIC}", f"{topic_prefix}{APPLICATIONS_TOPIC}"]
    records = [
        *await read_records(kafka, topics[0], expected=2),
        *await read_records(kafka, topics[1], expected=2 * 3),
    ]
    copies = Counter(dict(r.headers)["ce_id"] for r in records)
    assert len(copies) == EVENTS
    assert set(copies.values()) == {2}, "every event went out twice, both times with its id"

    reporting_url = f"sqlite:///{tmp_path / 'reporting.db'}"
    async with running(reporting_runtime(kafka, topic_prefix, reporting_url)) as reporting:
        # Both copies of the call and of the acceptance settled, each second one a duplicate.
        await eventually(lambda: _settled_twice(reporting))
        assert accepted_in(await report_of(reporting), Track.HEALTH) == {
            Sex.FEMALE: 0,
            Sex.MALE: 1,
        }
        assert await _processed(reporting) == 2  # call opened and applicant accepted, once each


async def _unsent(runtime: ServiceRuntime) -> int:
    async with runtime.database.session() as session:
        query = select(func.count()).where(col(OutboxMessage.sent_at).is_(None))
        return (await session.exec(query)).one()


async def _processed(runtime: ServiceRuntime) -> int:
    async with runtime.database.session() as session:
        query = select(func.count()).where(
            col(ProcessedEvent.consumer_group) == ACCEPTED_PROFESSIONALS_GROUP
        )
        return (await session.exec(query)).one()


async def _settled_twice(runtime: ServiceRuntime) -> bool:
    settled = runtime.consumer_metrics()[ACCEPTED_PROFESSIONALS_GROUP]
    return settled.get("applied", 0) >= 2 and settled.get("duplicate", 0) >= 2
