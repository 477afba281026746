"""Throughput: raw aiokafka produce and consume, the outbox relay, the projection rebuild."""

import asyncio
import json
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.migrations import upgrade_to_head
from diaspora_shared.runtime.outbox import outbox_message_for
from diaspora_shared.runtime.outbox_relay import OutboxRelay
from reporting.entrypoints.app import MIGRATIONS as REPORTING_MIGRATIONS
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.projection import Projection
from reporting.service_layer.rebuild import (
    CONSUMER_OPTIONS,
    DEFAULT_MAX_RECORDS,
    REBUILD_GROUP,
    ProjectionRebuild,
    RebuildStats,
)

from .events import SOURCE, Record, generated_events

OUTBOX_BATCH = 500


async def raw_produce(bootstrap: str, records: Sequence[Record]) -> float:
    """Events/s: every record sent through a producer with the platform's settings (acks=all,
    idempotence, linger 0), timed until the last acknowledgement."""
    producer = create_producer(bootstrap, "bench-raw-producer")
    await producer.start()
    try:
        # One record first, so metadata and the idempotent producer id are not timed.
        first = records[0]
        await producer.send_and_wait(
            first.topic, value=first.value, key=first.key, headers=first.headers
        )
        started = time.perf_counter()
        deliveries = [
            await producer.send(r.topic, value=r.value, key=r.key, headers=r.headers)
            for r in records[1:]
        ]
        await asyncio.gather(*deliveries)
        elapsed = time.perf_counter() - started
    finally:
        await producer.stop()
    return (len(records) - 1) / elapsed


async def _partitions(bootstrap: str, topics: list[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], part["partition"])
        for topic in described
        for part in topic["partitions"]
    ]


BENCH_PROJECTION = PROJECTIONS["accepted-professionals"]


def domain_topics(prefix: str) -> list[str]:
    return [qualified(topic, prefix) for topic in BENCH_PROJECTION.topics]


async def raw_consume(bootstrap: str, prefix: str, expected: int) -> float:
    """Events/s: getmany over every partition from the start and json.loads of each value,
    with the rebuild's consumer settings; timed from the first batch, as the rebuild is."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **CONSUMER_OPTIONS
    )
    await consumer.start()
    try:
        partitions = await _partitions(bootstrap, domain_topics(prefix))
        consumer.assign(partitions)
        for tp in partitions:
            await consumer.seek_to_beginning(tp)
        seen = 0
        started: float | None = None
        loads = json.loads
        while seen < expected:
            batches = await consumer.getmany(timeout_ms=1000, max_records=DEFAULT_MAX_RECORDS)
            if batches and started is None:
                started = time.perf_counter()
            for records in batches.values():
                for record in records:
                    loads(record.value)
                seen += len(records)
        assert started is not None
        elapsed = time.perf_counter() - started
    finally:
        await consumer.stop()
    return seen / elapsed


def expected_applied(records: Sequence[Record]) -> dict[str, int]:
    """How many of the records each projection of the catalogue applies (those of its types)."""
    types = [dict(record.headers)["ce_type"].decode() for record in records]
    return {
        name: sum(1 for event_type in types if event_type in handled)
        for name, projection in PROJECTIONS.items()
        if (handled := {event_class.event_type for event_class in projection.rules})
    }


async def projection_rebuild(
    bootstrap: str, prefix: str, database_url: str, projections: list[Projection] | None = None
) -> tuple[float, list[RebuildStats]]:
    """Events/s: every projection of the catalogue (or the ones given) rebuilt as
    `reporting-rebuild --all` does (one pass over the topics feeding them all), into a fresh,
    migrated database (migration not timed). Each event read counts once, however many
    projections apply it: the same unit as raw consume."""
    await upgrade_to_head(REPORTING_MIGRATIONS, database_url)
    database = Database(database_url)
    producer = create_producer(bootstrap, REBUILD_GROUP)
    await producer.start()
    try:
        every = await ProjectionRebuild(
            database,
            projections or list(PROJECTIONS.values()),
            bootstrap_servers=bootstrap,
            topic_prefix=prefix,
            dead_letters=DeadLetterPublisher(producer, REBUILD_GROUP),
        ).run()
    finally:
        await producer.stop()
        await database.dispose()
    read_once = max(stats.records for stats in every)
    return read_once / every[0].apply_seconds, every


async def outbox_relay(bootstrap: str, prefix: str, database_url: str, count: int) -> float:
    """Events/s from committed outbox rows to acknowledged Kafka writes, through the platform's
    own relay (batches of 500, rows marked sent after the acknowledgements)."""
    await upgrade_to_head(REPORTING_MIGRATIONS, database_url)
    database = Database(database_url)
    async with database.session() as session:
        session.add_all(outbox_message_for(e, source=SOURCE) for e in generated_events(count))
        await session.commit()
    producer = create_producer(bootstrap, "bench-outbox")
    await producer.start()
    try:
        relay = OutboxRelay(database, producer, topic_prefix=prefix, batch_size=OUTBOX_BATCH)
        await relay.publish_pending()  # the first batch warms up metadata and connections
        published = OUTBOX_BATCH
        started = time.perf_counter()
        while taken := await relay.publish_pending():
            published += taken
        elapsed = time.perf_counter() - started
    finally:
        await producer.stop()
        await database.dispose()
    if published != count:
        raise RuntimeError(f"the relay published {published} rows of {count}")
    return (count - OUTBOX_BATCH) / elapsed
