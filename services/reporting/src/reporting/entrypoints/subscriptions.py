"""Everything the reporting service reacts to, in one place: one consumer group per projection,
so each keeps its own offsets and processed events and can be added, replayed or dead-lettered
without touching the others. The events each one reads are declared with its rules
(`service_layer/accepted_professionals.py`, `service_layer/funnel.py`, ...). Each handler also
keeps, in the same transaction, the position it applied (the "as of" of every report).

A projection applies what one fetch returns in one transaction, with the rules
the rebuild runs (`apply_events`), so a live read model keeps up with a burst; the per-event
handlers settle a batch that fails, one record at a time. The public feed for partners has its
own group too (`service_layer/public_feed.py`), per event: it writes outbox rows, not a read
model."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.consumer import BatchHandler, EventHandler, PositionedEvent
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS_GROUP
from ..service_layer.as_of import record_position
from ..service_layer.catalogue import PROJECTIONS
from ..service_layer.funnel import RECRUITMENT_FUNNEL_GROUP
from ..service_layer.projection import Projection, apply_events
from ..service_layer.public_feed import PUBLIC_FEED_GROUP, public_feed_handlers

__all__ = ["ACCEPTED_PROFESSIONALS_GROUP", "RECRUITMENT_FUNNEL_GROUP", "register_subscriptions"]


def register_subscriptions(runtime: ServiceRuntime) -> None:
    for projection in PROJECTIONS.values():
        runtime.consume(
            projection.group, positioned_handlers(projection), batch=positioned_batch(projection)
        )
    # Partners' public topics, derived in a group of their own so they never hold reports back.
    runtime.consume(PUBLIC_FEED_GROUP, public_feed_handlers(lambda: runtime.wake_relay()))


def positioned_handlers(projection: Projection) -> dict[type[IntegrationEvent], EventHandler]:
    return {
        event_type: _positioned(projection.name, handler)
        for event_type, handler in projection.live_handlers().items()
    }


def positioned_batch(projection: Projection) -> BatchHandler:
    """The new events of one fetch, applied together; the position kept per partition is its
    last record (each partition's come in offset order) and its newest event's time."""

    async def apply_fetched(session: AsyncSession, events: Sequence[PositionedEvent]) -> None:
        connection = await session.connection()
        await apply_events(connection, projection, [item.event for item in events])
        last: dict[tuple[str, int], PositionedEvent] = {}
        newest: dict[tuple[str, int], datetime] = {}
        for item in events:
            partition = (item.position.topic, item.position.partition)
            last[partition] = item
            time = item.envelope.time
            newest[partition] = max(newest.get(partition, time), time)
        for partition, item in last.items():
            await record_position(connection, projection.name, newest[partition], item.position)

    return apply_fetched


def _positioned(projection: str, apply: EventHandler) -> EventHandler:
    async def handle(session: AsyncSession, event: IntegrationEvent, envelope: Envelope) -> None:
        await apply(session, event, envelope)
        await record_position(await session.connection(), projection, envelope.time)

    return handle
