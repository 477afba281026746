"""What the databases and the broker hold after the faults: recruitment's outbox and
applications (the ground truth), reporting's processed events and read models, and every
record on the topics."""

import json
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    CALLS_TOPIC,
    IntegrationEvent,
)
from diaspora_shared.contracts.topics import all_topics
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.subscriptions import register_subscriptions


@dataclass(frozen=True)
class OutboxEvent:
    event_id: str
    event_type: str
    topic: str
    key: str
    sent: bool


async def query(database_url: str, statement: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(database_url)
    try:
        return list(await connection.fetch(statement))
    finally:
        await connection.close()


async def outbox_events(recruitment_db: str) -> list[OutboxEvent]:
    rows = await query(
        recruitment_db,
        "SELECT event_id, event_type, topic, message_key, sent_at IS NOT NULL AS sent"
        " FROM outbox_messages ORDER BY seq",
    )
    return [
        OutboxEvent(r["event_id"], r["event_type"], r["topic"], r["message_key"], r["sent"])
        for r in rows
    ]


async def accepted_by_track_and_sex(recruitment_db: str) -> Counter[tuple[str, str]]:
    """Ground truth of the accepted-professionals report: applications accepted now."""
    rows = await query(
        recruitment_db,
        "SELECT c.track, a.profile FROM applications a JOIN calls c ON c.call_id = a.call_id"
        " WHERE a.status = 'accepted'",
    )
    return Counter((row["track"], json.loads(row["profile"])["sex"]) for row in rows)


async def application_statuses(recruitment_db: str) -> dict[str, str]:
    rows = await query(recruitment_db, "SELECT application_id, status FROM applications")
    return {row["application_id"]: row["status"] for row in rows}


async def reported_accepted(reporting_db: str) -> Counter[tuple[str, str]]:
    rows = await query(reporting_db, "SELECT track, sex, accepted FROM accepted_counters")
    return Counter({(row["track"], row["sex"]): row["accepted"] for row in rows if row["accepted"]})


async def funnel_rows(reporting_db: str) -> dict[str, tuple[bool, bool]]:
    rows = await query(
        reporting_db, "SELECT application_id, accepted, withdrawn FROM funnel_applications"
    )
    return {row["application_id"]: (row["accepted"], row["withdrawn"]) for row in rows}


async def processed_event_ids(reporting_db: str) -> dict[str, list[str]]:
    rows = await query(reporting_db, "SELECT consumer_group, event_id FROM processed_events")
    by_group: dict[str, list[str]] = {}
    for row in rows:
        by_group.setdefault(row["consumer_group"], []).append(row["event_id"])
    return by_group


class _SubscriptionRecorder:
    def __init__(self) -> None:
        self.handled: dict[str, set[type[IntegrationEvent]]] = {}

    def consume(
        self, group_id: str, handlers: Mapping[type[IntegrationEvent], Any], **_options: Any
    ) -> None:
        self.handled[group_id] = set(handlers)


def _subscriptions() -> dict[str, set[type[IntegrationEvent]]]:
    """Reporting's own declaration of what each of its consumer groups handles."""
    recorder = _SubscriptionRecorder()
    register_subscriptions(cast(ServiceRuntime, recorder))
    return recorder.handled


def event_types_by_group() -> dict[str, set[str]]:
    return {group: {c.event_type for c in classes} for group, classes in _subscriptions().items()}


def topics_by_group() -> dict[str, set[str]]:
    return {group: {c.topic for c in classes} for group, classes in _subscriptions().items()}


async def groups_at_end_of_topics(bootstrap: str) -> bool:
    """Every reporting group has committed offsets at the end of every partition it reads:
    each record there was applied, skipped or dead-lettered."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await consumer.start()
    try:
        for group, topics in topics_by_group().items():
            # The suite writes (commands, poison, unknown types) to recruitment's topics only.
            written = topics & {CALLS_TOPIC, APPLICATIONS_TOPIC}
            partitions = [tp for topic in written for tp in _partitions(topic)]
            ends = await consumer.end_offsets(partitions)
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            # A group commits nothing on a partition that never held a record: nothing to read.
            done = {tp: committed[tp].offset if tp in committed else 0 for tp in partitions}
            behind = [(tp, done[tp], ends[tp]) for tp in partitions if done[tp] < ends[tp]]
            if behind:
                print(f"group {group} behind: {behind}")  # shown by pytest if the test fails
                return False
        return True
    finally:
        await consumer.stop()
        await admin.close()


def _partitions(topic: str) -> list[TopicPartition]:
    spec = next(spec for spec in all_topics() if spec.name == topic)
    return [TopicPartition(topic, number) for number in range(spec.partitions)]


def header(record: Any, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return bytes(value).decode(errors="replace")
    return None


async def read_whole_topic(bootstrap: str, topic: str, *, timeout: float = 60.0) -> list[Any]:
    """Every record on a declared topic now, from the first offset to the end of each partition."""
    partitions = _partitions(topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end within {timeout}s")
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()
