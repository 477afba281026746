"""A partner's delivery log, redelivery on request (a failed or delivered event again), and
the pruning of finished deliveries after the log's retention."""

from datetime import UTC, datetime, timedelta

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.database import Database

from ..adapters.webhook_tables import WebhookDeliveryRow
from .webhook_claims import PENDING
from .webhook_subscriptions import subscriptions_of, visible_subscription


class UnknownDelivery(LookupError):
    """No such delivery for this subscription."""


class DeliveryStillPending(Exception):
    """The delivery has not finished yet; there is nothing to redeliver."""


async def deliveries_of(
    session: AsyncSession, actor: Actor, subscription_id: str, status: str | None, limit: int
) -> list[WebhookDeliveryRow]:
    """The subscription's deliveries, newest first."""
    await visible_subscription(session, actor, subscription_id)
    return await _newest(session, [subscription_id], status, limit)


async def partner_deliveries(
    session: AsyncSession, actor: Actor, organisation: str | None, status: str | None, limit: int
) -> list[WebhookDeliveryRow]:
    """Every delivery to the caller's organisation (an officer's choice of one, or all)."""
    subscriptions = await subscriptions_of(session, actor, organisation)
    return await _newest(session, [s.subscription_id for s in subscriptions], status, limit)


async def _newest(
    session: AsyncSession, subscription_ids: list[str], status: str | None, limit: int
) -> list[WebhookDeliveryRow]:
    if not subscription_ids:
        return []
    query = select(WebhookDeliveryRow).where(
        col(WebhookDeliveryRow.subscription_id).in_(subscription_ids)
    )
    if status is not None:
        query = query.where(WebhookDeliveryRow.status == status)
    query = query.order_by(col(WebhookDeliveryRow.seq).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def redeliver(
    session: AsyncSession, actor: Actor, subscription_id: str, delivery_id: str
) -> WebhookDeliveryRow:
    """Queue a finished delivery again, as a fresh series of attempts with the same id."""
    await visible_subscription(session, actor, subscription_id)
    query = (
        select(WebhookDeliveryRow)
        .where(
            WebhookDeliveryRow.subscription_id == subscription_id,
            WebhookDeliveryRow.delivery_id == delivery_id,
        )
        .with_for_update()
    )
    row = (await session.exec(query)).first()
    if row is None:
        raise UnknownDelivery("no such delivery of this subscription")
    if row.status == PENDING:
        raise DeliveryStillPending("the delivery is still pending")
    row.status, row.attempts, row.next_attempt_at = PENDING, 0, datetime.now(UTC)
    row.finished_at = row.lease_until = None
    session.add(row)
    await session.commit()
    return row


async def prune_finished(database: Database, retention: timedelta) -> int:
    """Drop deliveries finished (delivered or failed) longer ago than `retention`; how many.
    Pending deliveries are never pruned, however old."""
    cutoff = datetime.now(UTC) - retention
    statement = delete(WebhookDeliveryRow).where(
        col(WebhookDeliveryRow.status) != PENDING,
        col(WebhookDeliveryRow.finished_at) < cutoff,
    )
    async with database.session() as session:
        result = await session.exec(statement)
        await session.commit()
    return int(result.rowcount)
