"""Every integration event of the platform, and the registry that maps a CloudEvents type to it."""

from .base import IntegrationEvent
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
)

EVENTS_BY_TYPE: dict[str, type[IntegrationEvent]] = {
    event.event_type: event for event in ALL_EVENTS
}

__all__ = [
    "ALL_EVENTS",
    "APPLICATIONS_TOPIC",
    "CALLS_TOPIC",
    "EVENTS_BY_TYPE",
    "ApplicantAccepted",
    "ApplicantDataErased",
    "ApplicantWithdrew",
    "ApplicationReviewed",
    "ApplicationScreened",
    "ApplicationSubmitted",
    "CallOpened",
    "IntegrationEvent",
    "OfferDeclined",
    "OfferExpired",
    "OfferMade",
    "SelectionConfirmed",
]
