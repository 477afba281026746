"""Deliveries taken and settled by the bridge, safely with several replicas.

A delivery is taken by leasing it: in one short transaction the row is locked (FOR UPDATE
SKIP LOCKED on PostgreSQL; SQLite serialises writers), its attempt counted and its lease set,
so no other replica takes it while the POST is under way, and one that dies mid-attempt only
delays it until the lease runs out. A delivery is never taken while an earlier delivery of the
same subscription and key is pending: events of one key reach the partner in order. A failed
(dead-lettered) delivery no longer holds its key back; redelivering it puts it first again.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from diaspora_shared.runtime.database import Database

from ..adapters.webhook_tables import WebhookDeliveryRow, WebhookSubscriptionRow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
Delivery = WebhookDeliveryRow


@dataclass(frozen=True)
class Backoff:
    base_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(self, attempts: int) -> timedelta:
        """Exponential, capped, with jitter so failed deliveries do not return in lockstep."""
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** (attempts - 1))
        return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


@dataclass(frozen=True)
class Claimed:
    delivery: WebhookDeliveryRow
    url: str
    secret: str


def _available(now: datetime) -> ColumnElement[bool]:
    return and_(
        col(Delivery.status) == PENDING,
        col(Delivery.next_attempt_at) <= now,
        or_(col(Delivery.lease_until).is_(None), col(Delivery.lease_until) <= now),
    )


async def due_subscriptions(database: Database) -> set[str]:
    """Subscriptions with a delivery ready to be attempted now."""
    now = datetime.now(UTC)
    query = select(Delivery.subscription_id).where(_available(now)).distinct()
    async with database.session() as session:
        return set((await session.exec(query)).all())


async def claim_next(database: Database, subscription_id: str, lease: timedelta) -> Claimed | None:
    """Lease the subscription's next deliverable delivery, or None if there is none now."""
    now = datetime.now(UTC)
    earlier = aliased(Delivery)
    held_back = exists().where(
        col(earlier.subscription_id) == col(Delivery.subscription_id),
        col(earlier.event_key) == col(Delivery.event_key),
        col(earlier.status) == PENDING,
        col(earlier.seq) < col(Delivery.seq),
    )
    query = (
        select(Delivery)
        .where(Delivery.subscription_id == subscription_id, _available(now), ~held_back)
        .order_by(col(Delivery.seq))
        .limit(1)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    async with database.session() as session:
        row = (await session.exec(query)).first()
        if row is None:
            return None
        row.attempts += 1
        row.lease_until = now + lease
        session.add(row)
        subscription = await session.get(WebhookSubscriptionRow, subscription_id)
        await session.commit()
    if subscription is None:  # the foreign key makes this impossible; mypy cannot know
        return None
    return Claimed(row, subscription.url, subscription.secret)


async def settle(
    database: Database, claimed: Claimed, failure: str | None, backoff: Backoff
) -> str:
    """Record an attempt's outcome; the delivery's new status."""
    now = datetime.now(UTC)
    async with database.session() as session:
        row = await session.get(Delivery, claimed.delivery.seq, with_for_update=True)
        if row is None:
            return PENDING
        row.lease_until = None
        row.last_outcome = (failure or "delivered")[:300]
        if failure is None:
            row.status, row.finished_at = DELIVERED, now
        elif row.attempts >= backoff.max_attempts:
            row.status, row.finished_at = FAILED, now
        else:
            row.next_attempt_at = now + backoff.delay(row.attempts)
        session.add(row)
        await session.commit()
        return row.status
