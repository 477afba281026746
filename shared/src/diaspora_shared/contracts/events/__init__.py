"""Every integration event of the platform, and the registry that maps a CloudEvents type to it."""

from .base import IntegrationEvent
from .grants import (
    GRANT_CALLS_TOPIC,
    GRANT_EVENTS,
    GRANTS_TOPIC,
    GrantApplicationSubmitted,
    GrantAwarded,
    GrantCallOpened,
    GrantClosed,
    GrantDisbursed,
    JobsReported,
    JobsVerified,
    MentorAssigned,
    MentoringSessionHeld,
    TrancheApproved,
    TrancheConditionMet,
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
    *GRANT_EVENTS,
)

EVENTS_BY_TYPE: dict[str, type[IntegrationEvent]] = {
    event.event_type: event for event in ALL_EVENTS
}

__all__ = [
    "ALL_EVENTS",
    "APPLICATIONS_TOPIC",
    "CALLS_TOPIC",
    "EVENTS_BY_TYPE",
    "GRANTS_TOPIC",
    "GRANT_CALLS_TOPIC",
    "ApplicantAccepted",
    "ApplicantDataErased",
    "ApplicantWithdrew",
    "ApplicationReviewed",
    "ApplicationScreened",
    "ApplicationSubmitted",
    "CallOpened",
    "GrantApplicationSubmitted",
    "GrantAwarded",
    "GrantCallOpened",
    "GrantClosed",
    "GrantDisbursed",
    "IntegrationEvent",
    "JobsReported",
    "JobsVerified",
    "MentorAssigned",
    "MentoringSessionHeld",
    "OfferDeclined",
    "OfferExpired",
    "OfferMade",
    "SelectionConfirmed",
    "TrancheApproved",
    "TrancheConditionMet",
]
