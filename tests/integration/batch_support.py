"""Helpers for the batch consumption tests: runtimes of reporting's projections in batches or
per event, bursts of events, and the read models they leave."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.events import Record, generated_events
from diaspora_shared.contracts.events import ApplicantAccepted, ApplicantWithdrew, IntegrationEvent
from diaspora_shared.runtime.consumer import BatchHandler, PositionedEvent
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.subscriptions import positioned_batch, positioned_handlers
from reporting.service_layer.as_of import POSITIONS
from reporting.service_layer.catalogue import PROJECTIONS

from ..runtimes import reporting_runtime_with


class Transactions:
    """Counts the batch transactions of each group."""

    def __init__(self) -> None:
        self.by_group: dict[str, int] = {}

    def counting(self, group: str, handler: BatchHandler) -> BatchHandler:
        async def counted(session: AsyncSession, events: Sequence[PositionedEvent]) -> None:
            await handler(session, events)
            self.by_group[group] = self.by_group.get(group, 0) + 1

        return counted


def projections_runtime(
    kafka: str, prefix: str, database_url: str, transactions: Transactions | None
) -> ServiceRuntime:
    """Reporting's projections, in batches when `transactions` counts them, else per event."""

    def subscribe(runtime: ServiceRuntime) -> None:
        for projection in PROJECTIONS.values():
            batch = None
            if transactions is not None:
                batch = transactions.counting(projection.group, positioned_batch(projection))
            runtime.consume(projection.group, positioned_handlers(projection), batch=batch)

    return reporting_runtime_with(subscribe, kafka, prefix, database_url)


def burst_with_withdrawals(count: int) -> list[IntegrationEvent]:
    """Calls and acceptances, every tenth acceptance withdrawn right after it: the withdrawal
    changes rows its acceptance wrote, so the order within a batch matters."""
    events: list[IntegrationEvent] = []
    for index, event in enumerate(generated_events(count, seed=5)):
        events.append(event)
        if isinstance(event, ApplicantAccepted) and index % 10 == 3:
            events.append(withdrawal_of(event))
    return events


def withdrawal_of(accepted: ApplicantAccepted) -> ApplicantWithdrew:
    return ApplicantWithdrew(
        application_id=accepted.application_id,
        call_id=accepted.call_id,
        track=accepted.track,
        sex=accepted.sex,
        was_accepted=True,
        withdrawn_at=accepted.accepted_at,
    )


async def produce(
    kafka: str, records: Sequence[Record], *, retarget: tuple[str, str] = ("", "")
) -> None:
    """Send the records in order; `retarget` (from, to) moves them onto another topic prefix,
    the same events with the same ids."""
    was, becomes = retarget
    producer = create_producer(kafka, "test-burst")
    await producer.start()
    try:
        for record in records:
            topic = becomes + record.topic.removeprefix(was)
            await producer.send(topic, value=record.value, key=record.key, headers=record.headers)
        await producer.flush()
    finally:
        await producer.stop()


async def read_models(runtime: ServiceRuntime) -> dict[str, list[Any]]:
    """Every row of every projection's tables, and the positions they record (topics without
    their prefix), in key order."""
    tables = {table for projection in PROJECTIONS.values() for table in projection.tables}
    prefix = runtime.settings.kafka_topic_prefix
    state: dict[str, list[Any]] = {}
    async with runtime.database.engine.connect() as connection:
        for table in sorted(tables, key=lambda t: t.name):
            query = select(table).order_by(*table.primary_key)
            state[table.name] = [dict(row) for row in (await connection.execute(query)).mappings()]
        positions = await connection.execute(select(POSITIONS))
        state["positions"] = sorted(
            (row.projection, row.topic.removeprefix(prefix), row.partition, row.last_offset)
            for row in positions
        )
    return state


def settled(runtime: ServiceRuntime, expected: dict[str, dict[str, int]]) -> Any:
    """A check for `eventually`: every group settled exactly these outcomes so far."""

    async def check() -> bool:
        metrics = runtime.consumer_metrics()
        return all(metrics.get(group) == outcomes for group, outcomes in expected.items())

    return check


def applied_by_group(records: Sequence[Record], prefix: str) -> dict[str, dict[str, int]]:
    """What each projection's group settles for these records: applied, skipped (a type of its
    topics it does not handle); zero counts left out, as the runtime's figures do."""
    expected: dict[str, dict[str, int]] = {}
    for projection in PROJECTIONS.values():
        handled = {event_class.event_type for event_class in projection.rules}
        topics = {event_class.topic for event_class in projection.rules}
        read = [
            dict(record.headers)["ce_type"].decode()
            for record in records
            if record.topic.removeprefix(prefix) in topics
        ]
        applied = sum(1 for event_type in read if event_type in handled)
        counts = {"applied": applied, "skipped": len(read) - applied}
        expected[projection.group] = {name: n for name, n in counts.items() if n}
    return expected
