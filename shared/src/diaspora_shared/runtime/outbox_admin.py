"""Operating the outbox: parked rows shown and released, old rows pruned."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from .consumer import ProcessedEvent
from .database import Database
from .outbox import OutboxMessage


@dataclass(frozen=True)
class ParkedRow:
    seq: int
    event_id: str
    event_type: str
    topic: str
    key: str
    attempts: int
    parked_at: datetime
    reason: str
    waiting_behind: int


@dataclass(frozen=True)
class Pruned:
    sent_rows: int
    processed_events: int


async def parked_rows(database: Database) -> list[ParkedRow]:
    async with database.session() as session:
        parked = (
            await session.exec(
                select(OutboxMessage)
                .where(col(OutboxMessage.parked_at).is_not(None))
                .order_by(col(OutboxMessage.seq))
            )
        ).all()
        return [await _describe(session, row) for row in parked]


async def _describe(session: AsyncSession, row: OutboxMessage) -> ParkedRow:
    waiting = select(func.count()).where(
        col(OutboxMessage.topic) == row.topic,
        col(OutboxMessage.message_key) == row.message_key,
        col(OutboxMessage.sent_at).is_(None),
        col(OutboxMessage.parked_at).is_(None),
    )
    return ParkedRow(
        seq=row.seq or 0,
        event_id=row.event_id,
        event_type=row.event_type,
        topic=row.topic,
        key=row.message_key,
        attempts=row.attempts,
        parked_at=row.parked_at or datetime.now(UTC),
        reason=row.park_reason or "",
        waiting_behind=(await session.exec(waiting)).one(),
    )


async def release(database: Database, seqs: list[int] | None = None) -> int:
    """Put parked rows (the given ones, or all) back in line with fresh attempts; the relay's
    next poll publishes them, and the rows of their keys after them."""
    statement = (
        update(OutboxMessage)
        .where(col(OutboxMessage.parked_at).is_not(None))
        .values(parked_at=None, park_reason=None, attempts=0)
    )
    if seqs is not None:
        statement = statement.where(col(OutboxMessage.seq).in_(seqs))
    async with database.session() as session:
        result = await session.exec(statement)
        await session.commit()
    return int(result.rowcount)


async def prune(
    database: Database, *, sent_retention: timedelta, redelivery_horizon: timedelta
) -> Pruned:
    """Delete outbox rows sent longer ago than the retention, and the ids of events processed
    before the redelivery horizon: a copy of an event older than that is not expected again."""
    now = datetime.now(UTC)
    async with database.session() as session:
        sent = await session.exec(
            delete(OutboxMessage).where(col(OutboxMessage.sent_at) < now - sent_retention)
        )
        processed = await session.exec(
            delete(ProcessedEvent).where(
                col(ProcessedEvent.processed_at) < now - redelivery_horizon
            )
        )
        await session.commit()
    return Pruned(sent_rows=int(sent.rowcount), processed_events=int(processed.rowcount))
