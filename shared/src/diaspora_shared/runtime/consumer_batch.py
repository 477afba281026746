"""Applying what one Kafka fetch returned, in one transaction.

Per-record handling pays a transaction, an id lookup and a commit for every event: a live read
model then trails a burst by minutes. A consumer given a batch handler takes the records of a
fetch together instead: one query finds the event ids already applied, the batch handler
applies the others (each partition's in offset order), their ids are recorded, and one commit
covers it all; the subscriber commits the Kafka offsets only after it. A redelivered batch
finds every id recorded and applies nothing, and an event published twice within one batch is
applied once. One transaction for the whole fetch rather than one per partition: a fetch spans
every partition of its topics, and each transaction costs its handful of round trips.

Whatever fails inside that transaction (a record the handler rejects, a key another replica
wrote first, the database gone) rolls it back whole. Each partition's records are then tried
in a transaction of their own, and those of a partition that fails again go through per-record
handling (`EventConsumer.apply`, `set_aside`) with its bounded retries and dead letters: a
poison record costs its partition's batch the fast path, never the other records.
"""

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, bindparam, func, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from ..contracts.envelope import Envelope
from ..contracts.events import IntegrationEvent
from .consumer import (
    Decoded,
    EventConsumer,
    Outcome,
    PositionedEvent,
    ProcessedEvent,
    RecordPosition,
    Undecodable,
    Unhandled,
)
from .key_lists import matching_keys
from .logging import get_logger, logs_at
from .tracing import consuming, spans_recorded

PROCESSED = ProcessedEvent.__table__  # type: ignore[attr-defined]
Read = tuple[Decoded, Envelope | None]


async def settle_fetch(consumer: EventConsumer, records: Sequence[Any]) -> None:
    """Settle every record of one fetch; raises only when a record could not even be
    dead-lettered or the store stays unreachable (the caller then reads the fetch again)."""
    if not records:
        return
    read = [consumer.read(record) for record in records]
    partitions: dict[tuple[str, int], list[int]] = {}
    for index, record in enumerate(records):
        partitions.setdefault((record.topic, record.partition), []).append(index)
    if len(partitions) > 1 and await _settled_together(consumer, records, read):
        return
    # One partition, or a fetch that failed whole: each partition on its own, so a poison
    # record costs only its partition's records the fast path.
    for indexes in partitions.values():
        partition_records = [records[index] for index in indexes]
        partition_read = [read[index] for index in indexes]
        if not await _settled_together(consumer, partition_records, partition_read):
            await _one_by_one(consumer, partition_records, partition_read)


async def _settled_together(
    consumer: EventConsumer, records: Sequence[Any], read: list[Read]
) -> bool:
    """Whether the records were applied in one transaction (and reported)."""
    try:
        applied = await _apply_together(consumer, records, read)
    except Exception as error:
        get_logger(consumer_group=consumer.group_id).warning(
            "batch not applied together",
            first_records=sorted(_first_offsets(records)),
            records=len(records),
            error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    await _report(consumer, records, read, applied)
    return True


def _first_offsets(records: Sequence[Any]) -> set[str]:
    """Where the batch began in each partition, for the log: topic/partition@offset."""
    first: dict[tuple[str, int], int] = {}
    for record in records:
        first.setdefault((record.topic, record.partition), record.offset)
    return {f"{topic}/{partition}@{offset}" for (topic, partition), offset in first.items()}


async def _apply_together(
    consumer: EventConsumer, records: Sequence[Any], read: list[Read]
) -> set[RecordPosition]:
    """Apply the batch's new events in one transaction; the positions of the records applied."""
    assert consumer.batch_handler is not None
    carrying = [
        (record, decoded, envelope)
        for record, (decoded, envelope) in zip(records, read, strict=True)
        if envelope is not None and isinstance(decoded, IntegrationEvent)
    ]
    if not carrying:
        return set()
    async with consumer.database.session() as session:
        connection = await session.connection()
        ids = sorted({envelope.id for _, _, envelope in carrying})
        seen = await _already_applied(connection, consumer.group_id, ids)
        fresh: list[PositionedEvent] = []
        for record, event, envelope in carrying:
            if envelope.id not in seen:
                seen.add(envelope.id)
                position = RecordPosition(record.topic, record.partition, record.offset)
                fresh.append(PositionedEvent(event, envelope, position))
        if not fresh:
            return set()
        await consumer.batch_handler(session, fresh)
        await _record_applied(connection, consumer.group_id, [item.envelope.id for item in fresh])
        await session.commit()
    return {item.position for item in fresh}


async def _already_applied(connection: AsyncConnection, group: str, ids: list[str]) -> set[str]:
    applied = PROCESSED.c.event_id
    seen: set[str] = set()
    for match in matching_keys(connection, applied, ids):
        query = select(applied).where(PROCESSED.c.consumer_group == group, match)
        seen.update((await connection.execute(query)).scalars())
    return seen


async def _record_applied(connection: AsyncConnection, group: str, ids: list[str]) -> None:
    now = datetime.now(UTC)
    if connection.dialect.name != "postgresql":
        rows = [{"consumer_group": group, "event_id": id_, "processed_at": now} for id_ in ids]
        await connection.execute(insert(PROCESSED), rows)
        return
    # A plain insert (no ON CONFLICT): an id another replica recorded meanwhile fails the
    # batch, which is then settled record by record and finds it applied.
    rows_of_ids = select(
        literal(group), func.unnest(bindparam("ids", ids, type_=ARRAY(String))), literal(now)
    )
    columns = ["consumer_group", "event_id", "processed_at"]
    await connection.execute(insert(PROCESSED).from_select(columns, rows_of_ids))


async def _one_by_one(consumer: EventConsumer, records: Sequence[Any], read: list[Read]) -> None:
    for record, (decoded, _) in zip(records, read, strict=True):
        if isinstance(decoded, Unhandled | Undecodable):
            await consumer.set_aside(record, decoded)
        else:
            await consumer.apply(record, decoded)


async def _report(
    consumer: EventConsumer,
    records: Sequence[Any],
    read: list[Read],
    applied: set[RecordPosition],
) -> None:
    """Per record, after the commit: the same count as one by one, and the same span and log
    line when either goes anywhere (building them is most of a batch's cost otherwise)."""
    detailed = logs_at(logging.INFO) or spans_recorded()
    settled: Counter[tuple[str, Outcome]] = Counter()
    for record, (decoded, envelope) in zip(records, read, strict=True):
        if isinstance(decoded, Unhandled | Undecodable):
            await consumer.set_aside(record, decoded)
            continue
        assert envelope is not None  # `read` gives the envelope with every event
        position = RecordPosition(record.topic, record.partition, record.offset)
        outcome = Outcome.APPLIED if position in applied else Outcome.DUPLICATE
        if detailed:
            _log_consumed(consumer.group_id, record, envelope, outcome)
        settled[record.topic, outcome] += 1
    for (topic, outcome), count in settled.items():
        consumer.counted(outcome, topic, count)


def _log_consumed(group_id: str, record: Any, envelope: Envelope, outcome: Outcome) -> None:
    with consuming(record, group_id):
        get_logger(
            consumer_group=group_id,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            event_id=envelope.id,
            event_type=envelope.type,
            correlation_id=envelope.correlation_id,
        ).info("event consumed", outcome=outcome.value)
