"""Typed subscribers on FastStream's in-memory broker: every record settles (applied,
duplicate, skipped or dead-lettered) and is acknowledged, without Kafka."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import CALLS_TOPIC, CallOpened, IntegrationEvent
from diaspora_shared.contracts.vocabulary import Track
from diaspora_shared.runtime.consumer import EventConsumer, Outcome, ProcessedEvent
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DLT_REASON, DeadLetterPublisher
from diaspora_shared.runtime.subscriptions import subscribe

PREFIX = "mem."
TOPIC = f"{PREFIX}{CALLS_TOPIC}"


class RecordingProducer:
    """Stands in for Kafka's producer: keeps what would go to the dead-letter topic."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_and_wait(self, topic: str, **record: Any) -> None:
        self.sent.append({"topic": topic, **record})


class Harness:
    def __init__(self, database: Database) -> None:
        self.applied: list[IntegrationEvent] = []
        self.dead_letters = RecordingProducer()
        self.consumer = EventConsumer(
            group_id="test.calls",
            database=database,
            handlers={CallOpened: self.on_call_opened},
            dead_letters=DeadLetterPublisher(self.dead_letters, "test.calls"),
            retry_backoff_seconds=0,
        )
        self.broker = KafkaBroker(logger=None)
        subscribe(self.broker, self.consumer, topic_prefix=PREFIX)

    async def on_call_opened(self, _session: AsyncSession, event: Any, _env: Envelope) -> None:
        self.applied.append(event)


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    database = Database(f"sqlite:///{tmp_path / 'consumer.db'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all, tables=[ProcessedEvent.__table__])  # type: ignore[attr-defined]
    yield Harness(database)
    await database.dispose()


def a_call() -> CallOpened:
    return CallOpened(
        call_id=uuid4(),
        track=Track.TVET,
        title="TVET call",
        target=30,
        women_share_goal=0.4,
        opens_on="2026-12-01",
        closes_on="2027-01-31",
    )


async def publish(broker: KafkaBroker, data: bytes, headers: dict[str, str]) -> None:
    await broker.publish(data, topic=TOPIC, key=b"k", headers=headers)


def headers_of(envelope: Envelope) -> dict[str, str]:
    return {name: value.decode() for name, value in envelope.kafka_headers()}


async def test_an_event_is_applied_once_even_when_delivered_twice(harness: Harness) -> None:
    envelope = envelope_for(a_call(), source="/test")
    async with TestKafkaBroker(harness.broker):
        await publish(harness.broker, envelope.data, headers_of(envelope))
        await publish(harness.broker, envelope.data, headers_of(envelope))

    assert harness.applied == [CallOpened.model_validate_json(envelope.data)]
    assert harness.consumer.outcomes == {Outcome.APPLIED: 1, Outcome.DUPLICATE: 1}


async def test_unknown_fields_are_ignored_by_the_reader(harness: Harness) -> None:
    envelope = envelope_for(a_call(), source="/test")
    newer = json.dumps(json.loads(envelope.data) | {"budget_eur": 1000}).encode()
    async with TestKafkaBroker(harness.broker):
        await publish(harness.broker, newer, headers_of(envelope))

    assert harness.consumer.outcomes == {Outcome.APPLIED: 1}
    assert isinstance(harness.applied[0], CallOpened)


async def test_an_event_type_not_handled_is_skipped_and_counted(harness: Harness) -> None:
    envelope = envelope_for(a_call(), source="/test")
    headers = headers_of(envelope) | {"ce_type": "recruitment.call.reopened.v1"}
    async with TestKafkaBroker(harness.broker):
        await publish(harness.broker, b'{"anything": true}', headers)

    assert harness.consumer.skipped_unknown == 1
    assert harness.applied == []
    assert harness.dead_letters.sent == []


@pytest.mark.parametrize(
    ("data", "header_change", "reason"),
    [
        (b"{not json", {}, "not JSON"),
        (b'{"call_id": "c"}', {}, "invalid recruitment.call.opened.v1 data"),
        (b"{}", {"ce_type": None}, "missing CloudEvents headers: ce_type"),
    ],
)
async def test_an_undecodable_record_goes_to_the_dead_letter_topic(
    harness: Harness, data: bytes, header_change: dict[str, None], reason: str
) -> None:
    headers = {
        name: value
        for name, value in headers_of(envelope_for(a_call(), source="/test")).items()
        if name not in header_change
    }
    async with TestKafkaBroker(harness.broker):
        await publish(harness.broker, data, headers)

    assert harness.consumer.outcomes == {Outcome.DEAD_LETTERED: 1}
    (dead,) = harness.dead_letters.sent
    assert dead["topic"] == f"{TOPIC}.dlt"
    assert dead["value"] == data
    assert reason in dict(dead["headers"])[DLT_REASON].decode()
