"""Integration events published by the deployment service: missions of accepted diaspora
professionals at host institutions.

They name professionals by pseudonymous id only (the application id recruitment published with
`ApplicantAccepted`); names and contacts stay in recruitment.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from ..vocabulary import Track
from .base import IntegrationEvent

MISSIONS_TOPIC = "deployment.missions"


class CancellationReason(StrEnum):
    """Why a mission was cancelled, as a category: free-text reasons stay in deployment."""

    PROFESSIONAL_WITHDREW = "professional_withdrew"
    PROFESSIONAL_DATA_ERASED = "professional_data_erased"
    HOST_WITHDREW = "host_withdrew"
    LOGISTICS = "logistics"
    OTHER = "other"


class _MissionEvent(IntegrationEvent):
    topic: ClassVar[str] = MISSIONS_TOPIC
    aggregate_field: ClassVar[str] = "mission_id"

    mission_id: UUID = Field(description="Identifier of the mission.")
    institution_code: str = Field(
        max_length=40, description="Code of the host institution (an IPRC or a hospital)."
    )


class MissionPlanned(_MissionEvent):
    """An officer matched an accepted professional to a host institution's approved request."""

    event_type: ClassVar[str] = "deployment.mission.planned.v1"

    request_id: UUID = Field(description="The host request (terms of reference) served.")
    professional_id: UUID = Field(
        description="Pseudonymous id of the professional: their accepted application's id."
    )
    track: Track = Field(description="Programme track of the mission.")
    course_or_specialty: str = Field(
        max_length=200, description="Priority course (TVET) or medical specialty (Health)."
    )
    starts_on: date = Field(description="First day of the mission.")
    ends_on: date = Field(description="Last day of the mission.")
    planned_at: datetime = Field(description="When the match was recorded (UTC).")


class MissionConfirmed(_MissionEvent):
    """Logistics (travel, accommodation, insurance, allowance) are settled: it goes ahead."""

    event_type: ClassVar[str] = "deployment.mission.confirmed.v1"

    confirmed_at: datetime = Field(description="When the officer confirmed (UTC).")


class MissionStarted(_MissionEvent):
    """The host institution confirmed the professional's arrival."""

    event_type: ClassVar[str] = "deployment.mission.started.v1"

    professional_id: UUID = Field(description="Pseudonymous id of the professional.")
    started_at: datetime = Field(description="When the arrival was confirmed (UTC).")


class MissionExtended(_MissionEvent):
    """A running mission got a later end date."""

    event_type: ClassVar[str] = "deployment.mission.extended.v1"

    previous_end: date = Field(description="The end date before the extension.")
    ends_on: date = Field(description="The new last day of the mission.")
    extended_at: datetime = Field(description="When the extension was recorded (UTC).")


class MissionCancelled(_MissionEvent):
    """A mission will not go ahead (or stops early), for the reason given."""

    event_type: ClassVar[str] = "deployment.mission.cancelled.v1"

    professional_id: UUID = Field(description="Pseudonymous id of the professional.")
    reason: CancellationReason = Field(description="Category of the reason.")
    cancelled_at: datetime = Field(description="When the cancellation was recorded (UTC).")


class MissionCompleted(_MissionEvent):
    """A mission ended as planned (or as extended)."""

    event_type: ClassVar[str] = "deployment.mission.completed.v1"

    starts_on: date = Field(description="First day of the mission.")
    ends_on: date = Field(description="Last day of the mission.")
    person_days: int = Field(ge=1, description="Calendar days on mission, both ends included.")
    completed_at: datetime = Field(description="When the completion was recorded (UTC).")


MISSION_EVENTS: tuple[type[IntegrationEvent], ...] = (
    MissionPlanned,
    MissionConfirmed,
    MissionStarted,
    MissionExtended,
    MissionCancelled,
    MissionCompleted,
)
