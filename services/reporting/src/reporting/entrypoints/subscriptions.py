"""Everything the reporting service reacts to, in one place: one consumer group per projection,
so each keeps its own offsets and processed events and can be added, replayed or dead-lettered
without touching the others. The events each one reads are declared with its rules
(`service_layer/accepted_professionals.py`, `service_layer/funnel.py`, ...). Each handler also
keeps, in the same transaction, the position it applied (the "as of" of every report).
The public feed for partners has its own group too (`service_layer/public_feed.py`)."""

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.consumer import EventHandler
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS_GROUP
from ..service_layer.as_of import record_position
from ..service_layer.catalogue import PROJECTIONS
from ..service_layer.funnel import RECRUITMENT_FUNNEL_GROUP
from ..service_layer.projection import Projection
from ..service_layer.public_feed import PUBLIC_FEED_GROUP, public_feed_handlers

__all__ = ["ACCEPTED_PROFESSIONALS_GROUP", "RECRUITMENT_FUNNEL_GROUP", "register_subscriptions"]


def register_subscriptions(runtime: ServiceRuntime) -> None:
    for projection in PROJECTIONS.values():
        runtime.consume(projection.group, positioned_handlers(projection))
    # Partners' public topics, derived in a group of their own so they never hold reports back.
    runtime.consume(PUBLIC_FEED_GROUP, public_feed_handlers(lambda: runtime.wake_relay()))


def positioned_handlers(projection: Projection) -> dict[type[IntegrationEvent], EventHandler]:
    return {
        event_type: _positioned(projection.name, handler)
        for event_type, handler in projection.live_handlers().items()
    }


def _positioned(projection: str, apply: EventHandler) -> EventHandler:
    async def handle(session: AsyncSession, event: IntegrationEvent, envelope: Envelope) -> None:
        await apply(session, event, envelope)
        await record_position(await session.connection(), projection, envelope.time)

    return handle
