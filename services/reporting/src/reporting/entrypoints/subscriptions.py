"""Everything the reporting service reacts to, in one place: one consumer group per projection,
so each keeps its own offsets and processed events and can be added, replayed or dead-lettered
without touching the others. The events each one reads are declared with its rules
(`service_layer/accepted_professionals.py`, `service_layer/funnel.py`)."""

from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS_GROUP
from ..service_layer.catalogue import PROJECTIONS
from ..service_layer.funnel import RECRUITMENT_FUNNEL_GROUP

__all__ = ["ACCEPTED_PROFESSIONALS_GROUP", "RECRUITMENT_FUNNEL_GROUP", "register_subscriptions"]


def register_subscriptions(runtime: ServiceRuntime) -> None:
    for projection in PROJECTIONS.values():
        runtime.consume(projection.group, projection.live_handlers())
