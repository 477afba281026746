"""Every public event type and public topic, declared once."""

from .base import PublicEvent
from .deployment import DEPLOYMENT_PUBLIC_EVENTS, DEPLOYMENT_V1
from .grants import GRANTS_PUBLIC_EVENTS, GRANTS_V1
from .recruitment import RECRUITMENT_PUBLIC_EVENTS, RECRUITMENT_V1

PUBLIC_EVENTS: tuple[type[PublicEvent], ...] = (
    *RECRUITMENT_PUBLIC_EVENTS,
    *DEPLOYMENT_PUBLIC_EVENTS,
    *GRANTS_PUBLIC_EVENTS,
)

PUBLIC_EVENTS_BY_TYPE: dict[str, type[PublicEvent]] = {e.event_type: e for e in PUBLIC_EVENTS}

PUBLIC_TOPIC_NAMES: tuple[str, ...] = (RECRUITMENT_V1, DEPLOYMENT_V1, GRANTS_V1)


def events_on(topic: str) -> list[type[PublicEvent]]:
    return [event for event in PUBLIC_EVENTS if event.topic == topic]
