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
    sessions_recorded: int = Field(
        default=0,
        ge=0,
        description="Training sessions and staff trainings on record at completion, corrections "
        "applied; what the certificate of service lists.",
    )
    hours_recorded: float = Field(
        default=0,
        ge=0,
        description="Hours of those sessions and trainings, corrections applied.",
    )


MISSION_EVENTS: tuple[type[IntegrationEvent], ...] = (
    MissionPlanned,
    MissionConfirmed,
    MissionStarted,
    MissionExtended,
    MissionCancelled,
    MissionCompleted,
)


class ServiceType(StrEnum):
    CONSULTATION = "consultation"
    PROCEDURE = "procedure"
    SURGERY = "surgery"
    DIAGNOSTIC = "diagnostic"
    OTHER = "other"


class StaffCadre(StrEnum):
    NURSE = "nurse"
    MIDWIFE = "midwife"
    DOCTOR = "doctor"
    TECHNICIAN = "technician"
    OTHER = "other"


class FeedbackParty(StrEnum):
    HOST = "host"
    PROFESSIONAL = "professional"


class _ActivityEvent(_MissionEvent):
    record_id: UUID = Field(description="Identifier of this activity record.")
    corrects: UUID | None = Field(
        default=None,
        description="The record this one replaces; reports count the latest correction only.",
    )
    recorded_at: datetime = Field(description="When the record was made (UTC).")


class TrainingSessionDelivered(_ActivityEvent):
    """A training-of-trainers session was held during a mission."""

    event_type: ClassVar[str] = "deployment.training-session.delivered.v1"

    held_on: date = Field(description="Day of the session, inside the mission.")
    course: str = Field(max_length=200, description="Priority course the session served.")
    hours: float = Field(gt=0, le=24, description="Length of the session in hours.")
    trainers_female: int = Field(ge=0, description="Women TVET trainers who took part.")
    trainers_male: int = Field(ge=0, description="Men TVET trainers who took part.")
    students_female: int = Field(ge=0, description="Women students who took part.")
    students_male: int = Field(ge=0, description="Men students who took part.")


class HealthServiceDelivered(_ActivityEvent):
    """Health services of one type delivered on one day of a mission."""

    event_type: ClassVar[str] = "deployment.health-service.delivered.v1"

    delivered_on: date = Field(description="Day of the services, inside the mission.")
    service_type: ServiceType = Field(description="Kind of service.")
    count: int = Field(ge=1, description="Number of services of this kind that day.")


class StaffTrained(_ActivityEvent):
    """Local staff of one cadre trained on one day of a mission."""

    event_type: ClassVar[str] = "deployment.staff.trained.v1"

    trained_on: date = Field(description="Day of the training, inside the mission.")
    cadre: StaffCadre = Field(description="Cadre of the staff trained.")
    female: int = Field(ge=0, description="Women trained.")
    male: int = Field(ge=0, description="Men trained.")
    hours: float = Field(gt=0, le=24, description="Length of the training in hours.")


class SkillsAssessmentRecorded(_ActivityEvent):
    """Pre and post scores of one participant group, against a pass mark."""

    event_type: ClassVar[str] = "deployment.skills-assessment.recorded.v1"

    assessed_on: date = Field(description="Day of the post assessment, inside the mission.")
    participant_group: str = Field(max_length=200, description="Who was assessed (a group).")
    participants: int = Field(ge=1, description="Participants assessed.")
    mean_pre_score: float = Field(ge=0, le=100, description="Mean score before, 0 to 100.")
    mean_post_score: float = Field(ge=0, le=100, description="Mean score after, 0 to 100.")
    pass_mark: float = Field(ge=0, le=100, description="Score needed to pass, 0 to 100.")
    passed_after: int = Field(ge=0, description="Participants at or above the pass mark after.")


class MissionFeedbackGiven(_ActivityEvent):
    """The host or the professional rated a completed mission (the comment stays private)."""

    event_type: ClassVar[str] = "deployment.mission.feedback-given.v1"

    given_by: FeedbackParty = Field(description="Who gave the feedback.")
    rating: int = Field(ge=1, le=5, description="Satisfaction from 1 to 5.")


ACTIVITY_EVENTS: tuple[type[IntegrationEvent], ...] = (
    TrainingSessionDelivered,
    HealthServiceDelivered,
    StaffTrained,
    SkillsAssessmentRecorded,
    MissionFeedbackGiven,
)
