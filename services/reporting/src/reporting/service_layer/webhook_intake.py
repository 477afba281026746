"""Turns a public event into one pending delivery per approved subscription that wants it.

Runs in the bridge's own consumer group on the `public.*` topics. The deliveries and the
`processed_events` row of the public event are committed together, and a delivery is unique
per subscription and event, so a redelivered record never makes a second delivery.
A subscription approved later receives the events that arrive after its approval.
"""

import json
from datetime import UTC, datetime
from uuid import uuid4

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.public import CloudEvent
from diaspora_shared.runtime.consumer import ProcessedEvent

from ..adapters.webhook_tables import WebhookDeliveryRow
from .webhook_subscriptions import approved_for

WEBHOOKS_GROUP = "reporting.webhooks"
PENDING = "pending"


def delivery_body(event: CloudEvent) -> str:
    """The CloudEvent in structured JSON mode: what every attempt POSTs, byte for byte."""
    return json.dumps(event.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


async def enqueue(session: AsyncSession, event: CloudEvent, key: str) -> int:
    """Stage the deliveries of `event` (not committed); how many, 0 for a repeat."""
    if await session.get(ProcessedEvent, (WEBHOOKS_GROUP, event.id)) is not None:
        return 0
    now = datetime.now(UTC)
    # Its `processed_events` row may have been pruned since it was first taken: the deliveries
    # already made for it are the lasting record.
    made = select(WebhookDeliveryRow.subscription_id).where(WebhookDeliveryRow.event_id == event.id)
    already = set((await session.exec(made)).all())
    subscriptions = [
        s for s in await approved_for(session, event.type) if s.subscription_id not in already
    ]
    body = delivery_body(event)
    for subscription in subscriptions:
        session.add(
            WebhookDeliveryRow(
                delivery_id=str(uuid4()),
                subscription_id=subscription.subscription_id,
                event_id=event.id,
                event_type=event.type,
                event_key=key[:200],
                body=body,
                status=PENDING,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.add(ProcessedEvent(consumer_group=WEBHOOKS_GROUP, event_id=event.id, processed_at=now))
    return len(subscriptions)
