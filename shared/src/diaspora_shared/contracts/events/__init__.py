"""Every integration event of the platform, and the registry that maps a CloudEvents type to it."""

from .base import IntegrationEvent
from .deployment import (
    MISSION_EVENTS,
    MISSIONS_TOPIC,
    CancellationReason,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from .recruitment import (
    APPLICATIONS_TOPIC,
    CALLS_TOPIC,
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    CallOpened,
    OfferDeclined,
    OfferExpired,
    OfferMade,
    SelectionConfirmed,
)

ALL_EVENTS: tuple[type[IntegrationEvent], ...] = (
    CallOpened,
    ApplicationSubmitted,
    ApplicationScreened,
    ApplicationReviewed,
    SelectionConfirmed,
    OfferMade,
    OfferDeclined,
    OfferExpired,
    ApplicantAccepted,
    ApplicantWithdrew,
    ApplicantDataErased,
    *MISSION_EVENTS,
)

EVENTS_BY_TYPE: dict[str, type[IntegrationEvent]] = {
    event.event_type: event for event in ALL_EVENTS
}

__all__ = [
    "ALL_EVENTS",
    "APPLICATIONS_TOPIC",
    "CALLS_TOPIC",
    "EVENTS_BY_TYPE",
    "MISSIONS_TOPIC",
    "ApplicantAccepted",
    "ApplicantDataErased",
    "ApplicantWithdrew",
    "ApplicationReviewed",
    "ApplicationScreened",
    "ApplicationSubmitted",
    "CallOpened",
    "CancellationReason",
    "IntegrationEvent",
    "MissionCancelled",
    "MissionCompleted",
    "MissionConfirmed",
    "MissionExtended",
    "MissionPlanned",
    "MissionStarted",
    "OfferDeclined",
    "OfferExpired",
    "OfferMade",
    "SelectionConfirmed",
]
