"""Public integration contracts: what partner systems may read on the `public.*` topics."""

from .base import PUBLIC_TOPIC_PREFIX, PUBLIC_TYPE_PREFIX, Month, PublicEvent, month_of
from .catalogue import PUBLIC_EVENTS, PUBLIC_EVENTS_BY_TYPE, PUBLIC_TOPIC_NAMES, events_on
from .cloudevent import (
    PUBLIC_SOURCE,
    CloudEvent,
    InvalidPublicEventError,
    cloud_event_for,
    cloud_event_from_kafka,
    public_event_id,
)
from .deployment import DEPLOYMENT_V1, MissionCompletedV1, MissionStartedV1, TrainingDeliveredV1
from .grants import GRANTS_V1, GrantAwardedV1, GrantDisbursedV1, JobsVerifiedV1
from .recruitment import RECRUITMENT_V1, CallOpenedV1, ProfessionalAcceptedV1

__all__ = [
    "DEPLOYMENT_V1",
    "GRANTS_V1",
    "PUBLIC_EVENTS",
    "PUBLIC_EVENTS_BY_TYPE",
    "PUBLIC_SOURCE",
    "PUBLIC_TOPIC_NAMES",
    "PUBLIC_TOPIC_PREFIX",
    "PUBLIC_TYPE_PREFIX",
    "RECRUITMENT_V1",
    "CallOpenedV1",
    "CloudEvent",
    "GrantAwardedV1",
    "GrantDisbursedV1",
    "InvalidPublicEventError",
    "JobsVerifiedV1",
    "MissionCompletedV1",
    "MissionStartedV1",
    "Month",
    "ProfessionalAcceptedV1",
    "PublicEvent",
    "TrainingDeliveredV1",
    "cloud_event_for",
    "cloud_event_from_kafka",
    "events_on",
    "month_of",
    "public_event_id",
]
