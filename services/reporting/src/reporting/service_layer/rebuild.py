"""Rebuild of the reporting read model from the domain topics, in batches.

The live subscriber applies one event per transaction and records every event id
(`processed_events`), which is right for a trickle of new events and far too slow to replay
years of them. The rebuild reads the same topics from the beginning with a plain Kafka consumer
and, per batch of records:

- decodes each record exactly as the live subscriber does, but cheaply: the CloudEvents headers
  are checked with the same rules as `Envelope.from_kafka`, and the value is validated by the
  event's own pydantic model straight from the JSON bytes (`model_validate_json`, as fast as a
  bare `json.loads`). A record the fast path refuses goes through the live subscriber's own
  decoder, which gives the exact reason, and is copied to the dead-letter topic. Records of
  known types no projection reads are skipped once their headers pass, without decoding their
  data (the live subscriber decodes and then ignores them);
- aggregates in memory: the last announcement of each call, and the number of acceptances per
  track and sex, less the withdrawals of accepted applicants;
- writes one transaction holding a few upserts into the very tables the live projection fills
  (`track_targets`, `accepted_counts`) and the next offset of every topic-partition it read
  (`projection_offsets`).

Because the offsets commit with the rows, a rebuild that crashes resumes after the last
committed batch and never counts an event twice; running it again over the same events changes
nothing. An event published twice (the outbox relay re-sends a row whose "sent" mark was lost)
carries the same event id twice; the rebuild remembers the ids it applied during the run, as the
live subscriber does in `processed_events`, and applies it once. That memory costs about 100
bytes per applied event; a resumed run first re-reads, without writing, the records before its
stored offsets to recall the ids applied before the stop.
"""

import contextlib
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from diaspora_shared.contracts.envelope import (
    REQUIRED_HEADERS,
    SPEC_VERSION,
    Envelope,
    MalformedEventError,
    decode_event,
)
from diaspora_shared.contracts.events import (
    EVENTS_BY_TYPE,
    ApplicantAccepted,
    ApplicantWithdrew,
    CallOpened,
    IntegrationEvent,
)
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.consumer import EventHandler
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.logging import get_logger
from diaspora_shared.runtime.service import ServiceRuntime

from ..adapters.rebuild_tables import ProjectionOffset
from ..adapters.tables import AcceptedCount, TrackTarget
from ..entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP, register_subscriptions

PROJECTION = "accepted-professionals"
REBUILD_GROUP = "reporting.rebuild"
DEFAULT_MAX_RECORDS = 10_000
# Larger fetches than aiokafka's defaults: a rebuild reads whole topics, not a trickle.
CONSUMER_OPTIONS: dict[str, Any] = {
    "max_partition_fetch_bytes": 8 * 1024 * 1024,
    "fetch_max_bytes": 64 * 1024 * 1024,
    "fetch_max_wait_ms": 100,
}

# The event types this batch projector knows how to fold; they must be exactly the ones the
# live subscriptions handle, or the two read models would differ (checked at start).
BATCH_RULES: tuple[type[IntegrationEvent], ...] = (CallOpened, ApplicantAccepted, ApplicantWithdrew)
_SPEC_VERSION = SPEC_VERSION


class RebuildError(RuntimeError):
    """The rebuild cannot run safely against this database or these subscriptions."""


@dataclass
class RebuildStats:
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
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    accepted: Counter[tuple[str, str]] = field(default_factory=Counter)
    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    counted: set[tuple[str, str]] = field(default_factory=set)
    """The (track, sex) rows that exist: in the database before the batch or created by it."""

    def add(self, event: IntegrationEvent) -> None:
        if type(event) is ApplicantAccepted:
            key = (event.track.value, event.sex.value)
            self.accepted[key] += 1
            self.counted.add(key)
        elif type(event) is ApplicantWithdrew:
            key = (event.track.value, event.sex.value)
            # As the live handler: an accepted place is freed; on a missing row it does nothing.
            if event.was_accepted and key in self.counted:
                self.accepted[key] -= 1
        elif type(event) is CallOpened:
            call_id = str(event.call_id)
            # The last announcement of a call wins, as `session.merge` does in the live path.
            self.targets[call_id] = {
                "call_id": call_id,
                "track": event.track.value,
                "target": event.target,
                "women_share_goal": event.women_share_goal,
            }


def live_handled_types() -> set[type[IntegrationEvent]]:
    """The event types the live accepted-professionals subscription handles, read from its
    registration (other projections have consumer groups and tables of their own)."""

    class _Recorder:
        def __init__(self) -> None:
            self.handled: set[type[IntegrationEvent]] = set()

        def consume(
            self, group_id: str, handlers: Mapping[type[IntegrationEvent], EventHandler]
        ) -> None:
            if group_id == ACCEPTED_PROFESSIONALS_GROUP:
                self.handled.update(handlers)

    recorder = _Recorder()
    register_subscriptions(cast(ServiceRuntime, recorder))
    return recorder.handled


class BatchProjector:
    def __init__(
        self,
        database: Database,
        *,
        bootstrap_servers: str,
        topic_prefix: str = "",
        dead_letters: DeadLetterPublisher,
        max_records: int = DEFAULT_MAX_RECORDS,
    ) -> None:
        handled = live_handled_types()
        if handled != set(BATCH_RULES):
            names = sorted(t.__name__ for t in handled ^ set(BATCH_RULES))
            raise RebuildError(
                f"the live projection and the batch rebuild disagree on event types: {names}"
            )
        self._database = database
        self._bootstrap = bootstrap_servers
        self._dead_letters = dead_letters
        self._max_records = max_records
        self._topics = sorted({qualified(t.topic, topic_prefix) for t in BATCH_RULES})
        self._handled_types: dict[str, type[IntegrationEvent]] = {
            t.event_type: t for t in BATCH_RULES
        }
        self._known_types = set(EVENTS_BY_TYPE)
        self._applied_ids: set[bytes] = set()
        self._counted: set[tuple[str, str]] = set()
        self._log = get_logger(component="reporting-rebuild", projection=PROJECTION)

    async def run(self, *, max_batches: int | None = None) -> RebuildStats:
        """Read every domain topic up to its end as of now; stop after `max_batches` batches
        when given (a crash stand-in for tests)."""
        stats = RebuildStats()
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
            self._counted.update(await self._counted_keys())
            if not stored:
                await self._require_empty_read_model()
            consumer.assign(partitions)
            if stored:
                await self._recall_applied_ids(consumer, stored)
            for tp in partitions:
                if tp in stored:
                    consumer.seek(tp, stored[tp])
                else:
                    await consumer.seek_to_beginning(tp)
            ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
            remaining = {tp: end for tp, end in ends.items() if end > stored.get(tp, 0)}
            first_batch_at: float | None = None
            while remaining and (max_batches is None or stats.batches < max_batches):
                batches = await consumer.getmany(timeout_ms=500, max_records=self._max_records)
                if batches:
                    if first_batch_at is None:
                        first_batch_at = time.perf_counter()
                    batch = await self._fold(batches, stats)
                    if batch.next_offsets:
                        await self._write(batch)
                        stats.batches += 1
                for tp in list(remaining):
                    if await consumer.position(tp) >= remaining[tp]:
                        del remaining[tp]
            if first_batch_at is not None:
                stats.apply_seconds = time.perf_counter() - first_batch_at
        finally:
            await consumer.stop()
        stats.seconds = time.perf_counter() - started
        self._log.info("rebuild finished", **{k: v for k, v in vars(stats).items()})
        return stats

    async def _recall_applied_ids(
        self, consumer: AIOKafkaConsumer, stored: Mapping[TopicPartition, int]
    ) -> None:
        """A resumed run first reads what earlier runs applied, without writing anything, so a
        duplicate on either side of the stop is still recognised."""
        pending = {tp: offset for tp, offset in stored.items() if offset > 0}
        for tp in pending:
            await consumer.seek_to_beginning(tp)
        replay = RebuildStats()
        while pending:
            batches = await consumer.getmany(
                *pending, timeout_ms=500, max_records=self._max_records
            )
            before_stop = {
                tp: [record for record in records if record.offset < pending[tp]]
                for tp, records in batches.items()
                if tp in pending
            }
            await self._fold(before_stop, replay, recalling=True)
            for tp in list(pending):
                if await consumer.position(tp) >= pending[tp]:
                    del pending[tp]

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

    async def _fold(
        self,
        batches: Mapping[TopicPartition, Iterable[Any]],
        stats: RebuildStats,
        *,
        recalling: bool = False,
    ) -> _Batch:
        """Decode and aggregate one batch; when recalling, only remember the applied ids."""
        batch = _Batch(counted=self._counted)
        handled_types = self._handled_types
        known_types = self._known_types
        applied_ids = self._applied_ids
        for tp, records in batches.items():
            last = -1
            for record in records:
                last = record.offset
                stats.records += 1
                # Fast path: the same checks as Envelope.from_kafka, without building it.
                try:
                    attributes = {
                        name: raw.decode() for name, raw in record.headers if raw is not None
                    }
                    event_type = attributes["ce_type"]
                    event_class = handled_types.get(event_type)
                    if event_class is None and event_type in known_types:
                        if _headers_valid(attributes) and record.value is not None:
                            stats.ignored += 1
                            continue
                        raise ValueError("slow path")
                    if event_class is None or record.value is None:
                        raise ValueError("slow path")
                    if not _headers_valid(attributes):
                        raise ValueError("slow path")
                    event: IntegrationEvent = event_class.model_validate_json(record.value)
                    event_id = attributes["ce_id"].encode()
                except Exception:
                    decoded = await self._decode_slowly(record, stats, recalling=recalling)
                    if decoded is None:
                        continue
                    event, event_id = decoded
                if event_id in applied_ids:
                    stats.duplicates += 1
                    continue
                applied_ids.add(event_id)
                batch.add(event)
                stats.applied += 1
            if last >= 0:
                batch.next_offsets[tp] = last + 1
        return batch

    async def _decode_slowly(
        self, record: Any, stats: RebuildStats, *, recalling: bool
    ) -> tuple[IntegrationEvent, bytes] | None:
        """The live subscriber's own decoding: applied, ignored or dead-lettered alike."""
        try:
            envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
            event = decode_event(envelope)
        except MalformedEventError as error:
            if recalling:  # dead-lettered by the run that first read it
                return None
            # Durable before the batch's offsets commit, so the record is never lost.
            await self._dead_letters.publish(record, f"malformed: {error}")
            self._log.warning(
                "malformed record sent to dead letters",
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                reason=str(error),
            )
            stats.dead_lettered += 1
            return None
        if type(event) not in BATCH_RULES:
            stats.ignored += 1
            return None
        return event, envelope.id.encode()

    async def _write(self, batch: _Batch) -> None:
        insert = sqlite.insert if self._database.is_sqlite else postgresql.insert
        async with self._database.engine.begin() as connection:
            if batch.targets:
                targets = insert(TrackTarget.__table__)  # type: ignore[attr-defined]
                await connection.execute(
                    targets.on_conflict_do_update(
                        index_elements=["call_id"],
                        set_={
                            "track": targets.excluded.track,
                            "target": targets.excluded.target,
                            "women_share_goal": targets.excluded.women_share_goal,
                        },
                    ),
                    list(batch.targets.values()),
                )
            if batch.accepted:
                counts = insert(AcceptedCount.__table__)  # type: ignore[attr-defined]
                current = AcceptedCount.__table__.c.accepted  # type: ignore[attr-defined]
                await connection.execute(
                    counts.on_conflict_do_update(
                        index_elements=["track", "sex"],
                        set_={"accepted": current + counts.excluded.accepted},
                    ),
                    [
                        {"track": track, "sex": sex, "accepted": n}
                        for (track, sex), n in sorted(batch.accepted.items())
                    ],
                )
            offsets = insert(ProjectionOffset.__table__)  # type: ignore[attr-defined]
            await connection.execute(
                offsets.on_conflict_do_update(
                    index_elements=["projection", "topic", "partition"],
                    set_={"next_offset": offsets.excluded.next_offset},
                ),
                [
                    {
                        "projection": PROJECTION,
                        "topic": tp.topic,
                        "partition": tp.partition,
                        "next_offset": next_offset,
                    }
                    for tp, next_offset in sorted(batch.next_offsets.items())
                ],
            )

    async def _counted_keys(self) -> set[tuple[str, str]]:
        table = AcceptedCount.__table__  # type: ignore[attr-defined]
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(select(table.c.track, table.c.sex))
            return {(track, sex) for track, sex in rows.all()}

    async def _stored_offsets(self) -> dict[TopicPartition, int]:
        table = ProjectionOffset.__table__  # type: ignore[attr-defined]
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(table.c.topic, table.c.partition, table.c.next_offset).where(
                    table.c.projection == PROJECTION, table.c.topic.in_(self._topics)
                )
            )
            return {TopicPartition(topic, part): offset for topic, part, offset in rows.all()}

    async def _require_empty_read_model(self) -> None:
        """Without stored offsets the rebuild starts from the beginning: into rows built by the
        live subscriber it would count every event a second time."""
        async with self._database.engine.connect() as connection:
            for table in (TrackTarget.__table__, AcceptedCount.__table__):  # type: ignore[attr-defined]
                if await _count(connection, table):
                    raise RebuildError(
                        f"{table.name} already holds rows and no rebuild offsets were stored: "
                        "rebuild into a fresh database"
                    )


async def _count(connection: AsyncConnection, table: Any) -> int:
    result = await connection.execute(select(func.count()).select_from(table))
    return int(result.scalar_one())


def _headers_valid(attributes: Mapping[str, str]) -> bool:
    """The rules of `Envelope.from_kafka`: required attributes, spec version, a valid time."""
    for name in REQUIRED_HEADERS:
        if name not in attributes:
            return False
    if attributes["ce_specversion"] != _SPEC_VERSION:
        return False
    raw_time = attributes.get("ce_time")
    if raw_time is not None:
        with contextlib.suppress(ValueError):
            datetime.fromisoformat(raw_time)
            return True
        return False
    return True
