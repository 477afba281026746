"""Rebuild of read models from the domain topics, in batches.

The live subscriber applies one event per transaction and records every event id
(`processed_events`): right for a trickle of new events, far too slow to replay years of them.
The rebuild reads the projections' topics from the beginning with a plain Kafka consumer, once
for all the projections it rebuilds, and per batch of records decodes each record once
(`rebuild_decoding`), hands it to every projection that reads its topic, drops the events a
projection already applied, and applies the rest with each projection's own rules
(`projection.apply_events`, the code the live subscriber runs) in one transaction that also
stores, per projection, the next offset of every topic-partition it read (`projection_offsets`).

Because the offsets commit with the rows, a rebuild that crashes resumes after the last
committed batch and never applies an event twice; running it again over the same events changes
nothing. Each projection resumes from its own offsets, so projections rebuilt at different
times can be finished together. An event published twice (the outbox relay re-sends a row whose
"sent" mark was lost) carries the same event id twice; the rebuild remembers the ids each
projection applied during the run, as the live subscriber does in `processed_events`, and
applies it once. That memory costs about 100 bytes per applied event; a resumed run first
re-reads, without writing, the records before its stored offsets to recall the ids applied
before the stop.
"""

import time
from collections.abc import Mapping, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.logging import get_logger

from ..adapters.rebuild_tables import ProjectionOffset
from .projection import Projection, apply_events
from .rebuild_decoding import RecordDecoder
from .rebuild_memory import collector_paused
from .rebuild_progress import ProgressListener, RebuildProgress, per_topic
from .rebuild_targets import RebuildStats, RebuildTarget

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


__all__ = ["REBUILD_GROUP", "ProjectionRebuild", "RebuildError", "RebuildStats"]


class ProjectionRebuild:
    """One pass over the topics of the given projections, feeding all of them."""

    def __init__(
        self,
        database: Database,
        projections: Sequence[Projection],
        *,
        bootstrap_servers: str,
        topic_prefix: str = "",
        dead_letters: DeadLetterPublisher,
        max_records: int = DEFAULT_MAX_RECORDS,
        on_progress: ProgressListener | None = None,
    ) -> None:
        self._on_progress = on_progress
        self._database = database
        self._projections = list(projections)
        self._name = "+".join(projection.name for projection in self._projections)
        self._bootstrap = bootstrap_servers
        self._dead_letters = dead_letters
        self._max_records = max_records
        self._prefix = topic_prefix
        names = sorted({topic for p in self._projections for topic in p.topics})
        self._topics = [qualified(topic, topic_prefix) for topic in names]
        self._unprefixed = {qualified(topic, topic_prefix): topic for topic in names}
        handled = {kind.event_type: kind for p in self._projections for kind in p.rules}
        self._decoder = RecordDecoder(handled)
        self._targets: list[RebuildTarget] = []
        self._log = get_logger(component="reporting-rebuild", projection=self._name)

    async def run(self, *, max_batches: int | None = None) -> list[RebuildStats]:
        """Read the projections' topics up to their end as of now; stop after `max_batches`
        batches when given (a crash stand-in for tests). Figures come per projection."""
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
            self._targets = [await self._target(p) for p in self._projections]
            consumer.assign(partitions)
            if any(target.stored for target in self._targets):
                await self._recall_applied_ids(consumer)
            await self._read(consumer, partitions, max_batches)
        finally:
            await consumer.stop()
        every = [target.stats for target in self._targets]
        for stats in every:
            stats.seconds = time.perf_counter() - started
            self._log.info("rebuild finished", **vars(stats))
        return every

    async def _target(self, projection: Projection) -> RebuildTarget:
        topics = frozenset(qualified(topic, self._prefix) for topic in projection.topics)
        stored = await self._stored_offsets(projection, topics)
        if not stored:
            await self._require_empty_read_model(projection)
        return RebuildTarget.starting(projection, topics, stored)

    def _readers(self, tp: TopicPartition) -> list[RebuildTarget]:
        return [target for target in self._targets if tp.topic in target.topics]

    async def _read(
        self,
        consumer: AIOKafkaConsumer,
        partitions: list[TopicPartition],
        max_batches: int | None,
    ) -> None:
        for tp in partitions:
            # From the earliest offset any projection still needs; the others skip what
            # they applied before.
            start = min(target.stored.get(tp, 0) for target in self._readers(tp))
            consumer.seek(tp, start)
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        starts = {tp: await consumer.position(tp) for tp in partitions}
        remaining = {tp: end for tp, end in ends.items() if end > starts[tp]}
        total = per_topic({tp: ends[tp] - starts[tp] for tp in partitions}, self._unprefixed)
        began = time.perf_counter()
        first_batch_at: float | None = None
        batches_written = 0
        while remaining and (max_batches is None or batches_written < max_batches):
            batches = await consumer.getmany(timeout_ms=500, max_records=self._max_records)
            if batches:
                first_batch_at = first_batch_at or time.perf_counter()
                with collector_paused():
                    if await self._fold(batches):
                        await self._write()
                        batches_written += 1
            for tp in list(remaining):
                if await consumer.position(tp) >= remaining[tp]:
                    del remaining[tp]
            if batches and self._on_progress is not None:
                read = {tp: min(await consumer.position(tp), ends[tp]) - starts[tp] for tp in ends}
                done = per_topic(read, self._unprefixed)
                elapsed = time.perf_counter() - began
                self._on_progress(RebuildProgress(self._name, done, total, elapsed))
        applying = 0.0 if first_batch_at is None else time.perf_counter() - first_batch_at
        for target in self._targets:
            target.stats.apply_seconds = applying
            target.stats.batches = batches_written

    async def _recall_applied_ids(self, consumer: AIOKafkaConsumer) -> None:
        """A resumed run first reads what earlier runs applied, without writing anything, so a
        duplicate on either side of the stop is still recognised."""
        pending: dict[TopicPartition, int] = {}
        for target in self._targets:
            for tp, offset in target.stored.items():
                pending[tp] = max(pending.get(tp, 0), offset)
        pending = {tp: offset for tp, offset in pending.items() if offset > 0}
        for tp in pending:
            await consumer.seek_to_beginning(tp)
        decode = self._decoder.decode
        while pending:
            batches = await consumer.getmany(
                *pending, timeout_ms=500, max_records=self._max_records
            )
            with collector_paused():
                for tp, records in batches.items():
                    readers = self._readers(tp)
                    for record in records:
                        before = [t for t in readers if record.offset < t.stored.get(tp, 0)]
                        if not before:
                            continue
                        decoded = decode(record)
                        if decoded.event is None:
                            continue  # malformed ones were dead-lettered by the run that read them
                        for target in before:
                            if type(decoded.event) in target.projection.rules:
                                target.applied_ids.add(decoded.event_id)
            for tp in list(pending):
                if await consumer.position(tp) >= pending[tp]:
                    del pending[tp]

    async def _fold(self, batches: Mapping[TopicPartition, Sequence[Any]]) -> bool:
        """Decode one batch, each record once, and give every projection reading its topic the
        events it has not applied yet. True when some projection has offsets to commit."""
        for tp, records in batches.items():
            if records:
                await self._fold_partition(tp, records)
        return any(target.next_offsets for target in self._targets)

    async def _fold_partition(self, tp: TopicPartition, records: Sequence[Any]) -> None:
        readers = self._readers(tp)
        # Records are in offset order: a projection takes the records from its stored offset on.
        # Usually every reader takes all of them, and then nothing is checked per record.
        taking_all = [target for target in readers if target.reads(tp, records[0].offset)]
        late = [target for target in readers if target not in taking_all]
        decode = self._decoder.decode
        for record in records:
            taking = taking_all
            if late:
                taking = [target for target in readers if target.reads(tp, record.offset)]
                if not taking:
                    continue
            decoded = decode(record)
            if decoded.malformed is not None:
                await self._dead_letter(record, decoded.malformed)
            event = decoded.event
            for target in taking:
                stats = target.stats
                stats.records += 1
                if decoded.malformed is not None:
                    stats.dead_lettered += 1
                elif event is None or type(event) not in target.projection.rules:
                    stats.ignored += 1
                elif decoded.event_id in target.applied_ids:
                    stats.duplicates += 1
                else:
                    target.applied_ids.add(decoded.event_id)
                    target.events.append(event)
                    stats.applied += 1
        last = records[-1].offset
        for target in readers:
            if target.reads(tp, last):
                target.next_offsets[tp] = last + 1

    async def _dead_letter(self, record: Any, reason: str) -> None:
        # Durable before the batch's offsets commit, so the record is never lost.
        await self._dead_letters.publish(record, f"malformed: {reason}")
        self._log.warning(
            "malformed record sent to dead letters",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=reason,
        )

    async def _write(self) -> None:
        insert = sqlite.insert if self._database.is_sqlite else postgresql.insert
        offsets = insert(OFFSETS)
        positions: list[dict[str, Any]] = []
        async with self._database.engine.begin() as connection:
            for target in self._targets:
                events, next_offsets = target.take()
                if events:
                    await apply_events(connection, target.projection, events, target.cache)
                positions.extend(
                    {
                        "projection": target.projection.name,
                        "topic": tp.topic,
                        "partition": tp.partition,
                        "next_offset": next_offset,
                    }
                    for tp, next_offset in sorted(next_offsets.items())
                )
            await connection.execute(
                offsets.on_conflict_do_update(
                    index_elements=["projection", "topic", "partition"],
                    set_={"next_offset": offsets.excluded.next_offset},
                ),
                positions,
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

    async def _stored_offsets(
        self, projection: Projection, topics: frozenset[str]
    ) -> dict[TopicPartition, int]:
        query = select(OFFSETS.c.topic, OFFSETS.c.partition, OFFSETS.c.next_offset).where(
            OFFSETS.c.projection == projection.name, OFFSETS.c.topic.in_(sorted(topics))
        )
        async with self._database.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return {TopicPartition(topic, part): offset for topic, part, offset in rows}

    async def _require_empty_read_model(self, projection: Projection) -> None:
        """Without stored offsets the rebuild starts from the beginning: into rows built by the
        live subscriber it would apply every event a second time."""
        async with self._database.engine.connect() as connection:
            for table in projection.tables:
                count = await connection.execute(select(func.count()).select_from(table))
                if count.scalar_one():
                    raise RebuildError(
                        f"{table.name} already holds rows and no rebuild offsets were stored: "
                        "rebuild into a fresh database"
                    )
