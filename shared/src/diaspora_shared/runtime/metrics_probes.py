"""Gauges read at scrape time: the outbox's backlog and parked rows, and how far each consumer
group's partitions lag behind their topic's end."""

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Final

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from sqlalchemy import func
from sqlmodel import col, select

from .database import Database
from .outbox import OutboxMessage

POSITION_TIMEOUT_SECONDS: Final = 0.2

ConsumerOf = Callable[[], AIOKafkaConsumer | None]
"""The Kafka consumer of a group, or None while it is not started."""


async def outbox_gauges(database: Database) -> list[Metric]:
    """Three cheap aggregates: pending rows (not sent, not parked; `sent_at` is indexed), the
    creation time of the oldest of them, and parked rows."""
    pending = (col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.parked_at).is_(None))
    async with database.session() as session:
        count, oldest = (
            await session.exec(
                select(func.count(), func.min(OutboxMessage.created_at)).where(*pending)
            )
        ).one()
        parked = (
            await session.exec(
                select(func.count()).where(col(OutboxMessage.parked_at).is_not(None))
            )
        ).one()
    return [
        GaugeMetricFamily(
            "outbox_pending_rows",
            "Outbox rows committed and not yet sent (parked excluded).",
            count,
        ),
        GaugeMetricFamily(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest pending outbox row; 0 when none waits.",
            _age_seconds(oldest),
        ),
        GaugeMetricFamily(
            "outbox_parked_rows",
            "Outbox rows Kafka refused until parked; see platform-outbox.",
            parked,
        ),
    ]


def _age_seconds(created_at: datetime | None) -> float:
    if created_at is None:
        return 0.0
    if created_at.tzinfo is None:  # SQLite gives back naive times; they were written in UTC
        created_at = created_at.replace(tzinfo=UTC)
    return max(0.0, (datetime.now(UTC) - created_at).total_seconds())


async def consumer_lag_gauges(groups: Iterable[tuple[str, ConsumerOf]]) -> list[Metric]:
    """Highwater minus position per assigned partition. The highwater is the last one a fetch
    returned, so a partition nothing was fetched from yet has no sample."""
    family = GaugeMetricFamily(
        "consumer_lag_records",
        "Records on a partition the group has not yet consumed (highwater - position).",
        labels=("group", "topic", "partition"),
    )
    for group, consumer_of in groups:
        consumer = consumer_of()
        if consumer is None:
            continue
        for partition in sorted(consumer.assignment()):
            lag = await _lag(consumer, partition)
            if lag is not None:
                family.add_metric([group, partition.topic, str(partition.partition)], lag)
    return [family]


async def _lag(consumer: Any, partition: TopicPartition) -> int | None:
    # A rebalance may take the partition away between assignment() and these calls.
    try:
        highwater = consumer.highwater(partition)
        if highwater is None:
            return None
        position = await asyncio.wait_for(consumer.position(partition), POSITION_TIMEOUT_SECONDS)
    except Exception:  # IllegalStateError, AssertionError or a timeout: no sample this time
        return None
    return max(0, int(highwater) - int(position))
