"""The public feed: a consumer group of its own that turns domain events into public events.

Each public event is written to the outbox in the consumer's transaction, beside the ledger row
that remembers its id and the `processed_events` row of the source event: once per source
event, however often it is delivered. The outbox relay publishes it to `public.*`.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sqlalchemy import event as orm_event
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.public import CloudEvent, PublicEvent, cloud_event_for
from diaspora_shared.runtime.consumer import EventHandler
from diaspora_shared.runtime.outbox import OutboxMessage, stored_headers

from ..adapters.public_feed_tables import PublishedPublicEvent
from .public_feed_rules import PUBLIC_DERIVATIONS, Derivation

PUBLIC_FEED_GROUP = "reporting.public-feed"


def public_feed_handlers(
    wake_relay: Callable[[], None],
    derivations: Mapping[type[IntegrationEvent], tuple[Derivation, ...]] = PUBLIC_DERIVATIONS,
) -> dict[type[IntegrationEvent], EventHandler]:
    """One handler per domain event type that gives public events."""
    return {event_type: _handler(rules, wake_relay) for event_type, rules in derivations.items()}


def _handler(rules: tuple[Derivation, ...], wake_relay: Callable[[], None]) -> EventHandler:
    async def handle(session: AsyncSession, event: IntegrationEvent, envelope: Envelope) -> None:
        staged = [await _stage(session, rule(event), envelope) for rule in rules]
        if any(staged):
            # Publish right after the commit rather than at the relay's next poll.
            wake = lambda _session: wake_relay()  # noqa: E731
            orm_event.listen(session.sync_session, "after_commit", wake, once=True)

    return handle


async def _stage(session: AsyncSession, public: PublicEvent, envelope: Envelope) -> bool:
    cloud = cloud_event_for(public, source_event_id=envelope.id, time=month_start(envelope.time))
    if await session.get(PublishedPublicEvent, cloud.id) is not None:
        return False
    now = datetime.now(UTC)
    session.add(
        PublishedPublicEvent(
            event_id=cloud.id,
            event_type=cloud.type,
            source_event_id=envelope.id,
            recorded_at=now,
        )
    )
    session.add(_outbox_row(cloud, public, now))
    return True


def month_start(moment: datetime) -> datetime:
    """The CloudEvents `time` of a public event: as coarse as the month its data names."""
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def _outbox_row(cloud: CloudEvent, public: PublicEvent, now: datetime) -> OutboxMessage:
    return OutboxMessage(
        event_id=cloud.id,
        topic=public.topic,
        message_key=public.key,
        event_type=cloud.type,
        headers=stored_headers(cloud.kafka_headers()),
        payload=cloud.kafka_value().decode(),
        created_at=now,
    )
