"""Rebuild of a projection's read model from the domain topics, in batches.

The live subscriber applies one event per transaction and records every event id
(`processed_events`): right for a trickle of new events, far too slow to replay years of them.
The rebuild reads the projection's topics from the beginning with a plain Kafka consumer and,
per batch of records, decodes them (`rebuild_decoding`), drops the ones already applied, and
applies the rest with the projection's own rules (`projection.apply_events`, the code the live
subscriber runs) in one transaction that also stores the next offset of every topic-partition
it read (`projection_offsets`).

Because the offsets commit with the rows, a rebuild that crashes resumes after the last
committed batch and never applies an event twice; running it again over the same events changes
nothing. An event published twice (the outbox relay re-sends a row whose "sent" mark was lost)
carries the same event id twice; the rebuild remembers the ids it applied during the run, as the
live subscriber does in `processed_events`, and applies it once. That memory costs about 100
bytes per applied event; a resumed run first re-reads, without writing, the records before its
stored offsets to recall the ids applied before the stop.
"""

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.logging import get_logger

from ..adapters.rebuild_tables import ProjectionOffset
from .projection import Projection, RowCache, apply_events
from .rebuild_decoding import RecordDecoder
from .rebuild_memory import collector_paused
from .rebuild_progress import ProgressListener, RebuildProgress, per_topic

REBUILD_GROUP = "reporting.rebuild"
DEFAULT_MAX_RECORDS = 10_000
# Larger fetches than aiokafka's defaults: a rebuild reads whole topics, not a trickle.
CONSUMER_OPTIONS: dict[str, Any] = {
    "max_partition_fetch_bytes": 8 * 1024 * 1024,
    "fetch_max_bytes": 64 * 1024 * 1024,
    "fetch_max_wait_ms": 100,
}
OFFSETS = ProjectionOffset.__table__  # type: ignore[attr-defined]


class RebuildError(RuntimeError):
    """The rebuild cannot run safely against this database."""


@dataclass
class RebuildStats:
    projection: str = ""
    records: int = 0
    applied: int = 0
    duplicates: int = 0
    ignored: int = 0
    dead_lettered: int = 0
    batches: int = 0
    seconds: float = 0.0
    apply_seconds: float = 0.0
    """From the first fetched batch to the end: the steady rate, without start-up."""

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


@dataclass
class _Batch:
    events: list[IntegrationEvent] = field(default_factory=list)
    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)


class ProjectionRebuild:
    def __init__(
        self,
        database: Database,
        projection: Projection,
        *,
        bootstrap_servers: str,
        topic_prefix: str = "",
        dead_letters: DeadLetterPublisher,
        max_records: int = DEFAULT_MAX_RECORDS,
        on_progress: ProgressListener | None = None,
    ) -> None:
        self._on_progress = on_progress
        self._database = database
        self._projection = projection
        self._bootstrap = bootstrap_servers
        self._dead_letters = dead_letters
        self._max_records = max_records
        self._topics = [qualified(topic, topic_prefix) for topic in projection.topics]
        self._unprefixed = {qualified(t, topic_prefix): t for t in projection.topics}
        self._decoder = RecordDecoder({t.event_type: t for t in projection.rules})
        self._applied_ids: set[bytes] = set()
        self._cache = RowCache(complete=False)
        self._log = get_logger(component="reporting-rebuild", projection=projection.name)

    async def run(self, *, max_batches: int | None = None) -> RebuildStats:
        """Read the projection's topics up to their end as of now; stop after `max_batches`
        batches when given (a crash stand-in for tests)."""
        stats = RebuildStats(projection=self._projection.name)
        started = time.perf_counter()
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id=REBUILD_GROUP,
            **CONSUMER_OPTIONS,
        )
        await consumer.start()
        try:
            partitions = await self._partitions()
            stored = await self._stored_offsets()
            if not stored:
                await self._require_empty_read_model()
            # The only writer: rows are looked up once; none at all in empty tables.
            self._cache = RowCache(complete=not stored)
            consumer.assign(partitions)
            if stored:
                await self._recall_applied_ids(consumer, stored)
            await self._read(consumer, partitions, stored, stats, max_batches)
        finally:
            await consumer.stop()
        stats.seconds = time.perf_counter() - started
        self._log.info("rebuild finished", **vars(stats))
        return stats

    async def _read(
        self,
        consumer: AIOKafkaConsumer,
        partitions: list[TopicPartition],
        stored: Mapping[TopicPartition, int],
        stats: RebuildStats,
        max_batches: int | None,
    ) -> None:
        for tp in partitions:
            if tp in stored:
                consumer.seek(tp, stored[tp])
            else:
                await consumer.seek_to_beginning(tp)
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        remaining = {tp: end for tp, end in ends.items() if end > stored.get(tp, 0)}
        starts = {tp: await consumer.position(tp) for tp in partitions}
        total = per_topic({tp: ends[tp] - starts[tp] for tp in partitions}, self._unprefixed)
        began = time.perf_counter()
        first_batch_at: float | None = None
        while remaining and (max_batches is None or stats.batches < max_batches):
            batches = await consumer.getmany(timeout_ms=500, max_records=self._max_records)
            if batches:
                first_batch_at = first_batch_at or time.perf_counter()
                with collector_paused():
                    batch = await self._fold(batches, stats)
                    if batch.next_offsets:
                        await self._write(batch)
                        stats.batches += 1
            for tp in list(remaining):
                if await consumer.position(tp) >= remaining[tp]:
                    del remaining[tp]
            if batches and self._on_progress is not None:
                read = {tp: min(await consumer.position(tp), ends[tp]) - starts[tp] for tp in ends}
                done = per_topic(read, self._unprefixed)
                elapsed = time.perf_counter() - began
                self._on_progress(RebuildProgress(self._projection.name, done, total, elapsed))
        if first_batch_at is not None:
            stats.apply_seconds = time.perf_counter() - first_batch_at

    async def _recall_applied_ids(
        self, consumer: AIOKafkaConsumer, stored: Mapping[TopicPartition, int]
    ) -> None:
        """A resumed run first reads what earlier runs applied, without writing anything, so a
        duplicate on either side of the stop is still recognised."""
        pending = {tp: offset for tp, offset in stored.items() if offset > 0}
        for tp in pending:
            await consumer.seek_to_beginning(tp)
        while pending:
            batches = await consumer.getmany(
                *pending, timeout_ms=500, max_records=self._max_records
            )
            before_stop = {
                tp: [record for record in records if record.offset < pending[tp]]
                for tp, records in batches.items()
                if tp in pending
            }
            with collector_paused():
                await self._fold(before_stop, RebuildStats(), recalling=True)
            for tp in list(pending):
                if await consumer.position(tp) >= pending[tp]:
                    del pending[tp]

    async def _fold(
        self,
        batches: Mapping[TopicPartition, Iterable[Any]],
        stats: RebuildStats,
        *,
        recalling: bool = False,
    ) -> _Batch:
        """Decode one batch and keep the events not applied yet; when recalling, only
        remember their ids (malformed records were dead-lettered by the run that read them)."""
        batch = _Batch()
        applied_ids = self._applied_ids
        decode = self._decoder.decode
        for tp, records in batches.items():
            last = -1
            for record in records:
                last = record.offset
                stats.records += 1
                decoded = decode(record)
                if decoded.malformed is not None:
                    if not recalling:
                        await self._dead_letter(record, decoded.malformed, stats)
                elif decoded.event is None:
                    stats.ignored += 1
                elif decoded.event_id in applied_ids:
                    stats.duplicates += 1
                else:
                    applied_ids.add(decoded.event_id)
                    batch.events.append(decoded.event)
                    stats.applied += 1
            if last >= 0:
                batch.next_offsets[tp] = last + 1
        return batch

    async def _dead_letter(self, record: Any, reason: str, stats: RebuildStats) -> None:
        # Durable before the batch's offsets commit, so the record is never lost.
        await self._dead_letters.publish(record, f"malformed: {reason}")
        self._log.warning(
            "malformed record sent to dead letters",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=reason,
        )
        stats.dead_lettered += 1

    async def _write(self, batch: _Batch) -> None:
        insert = sqlite.insert if self._database.is_sqlite else postgresql.insert
        offsets = insert(OFFSETS)
        async with self._database.engine.begin() as connection:
            if batch.events:
                await apply_events(connection, self._projection, batch.events, self._cache)
            await connection.execute(
                offsets.on_conflict_do_update(
                    index_elements=["projection", "topic", "partition"],
                    set_={"next_offset": offsets.excluded.next_offset},
                ),
                [
                    {
                        "projection": self._projection.name,
                        "topic": tp.topic,
                        "partition": tp.partition,
                        "next_offset": next_offset,
                    }
                    for tp, next_offset in sorted(batch.next_offsets.items())
                ],
            )

    async def _partitions(self) -> list[TopicPartition]:
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, client_id=REBUILD_GROUP)
        await admin.start()
        try:
            described = await admin.describe_topics(self._topics)
        finally:
            await admin.close()
        partitions: list[TopicPartition] = []
        for topic in described:
            if topic["error_code"] or not topic["partitions"]:
                raise RebuildError(f"topic {topic['topic']!r} cannot be read: {topic}")
            numbers = sorted(part["partition"] for part in topic["partitions"])
            partitions.extend(TopicPartition(topic["topic"], number) for number in numbers)
        return partitions

    async def _stored_offsets(self) -> dict[TopicPartition, int]:
        query = select(OFFSETS.c.topic, OFFSETS.c.partition, OFFSETS.c.next_offset).where(
            OFFSETS.c.projection == self._projection.name, OFFSETS.c.topic.in_(self._topics)
        )
        async with self._database.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return {TopicPartition(topic, part): offset for topic, part, offset in rows}

    async def _require_empty_read_model(self) -> None:
        """Without stored offsets the rebuild starts from the beginning: into rows built by the
        live subscriber it would apply every event a second time."""
        async with self._database.engine.connect() as connection:
            for table in self._projection.tables:
                count = await connection.execute(select(func.count()).select_from(table))
                if count.scalar_one():
                    raise RebuildError(
                        f"{table.name} already holds rows and no rebuild offsets were stored: "
                        "rebuild into a fresh database"
                    )
