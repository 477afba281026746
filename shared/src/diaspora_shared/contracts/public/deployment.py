"""Public deployment events, on `public.deployment.v1` (key = host institution code)."""

from typing import ClassVar
from uuid import UUID

from pydantic import Field

from .base import Month, PublicEvent, public_topic

DEPLOYMENT_V1 = public_topic("deployment", 1)


class _AtInstitution(PublicEvent):
    topic: ClassVar[str] = DEPLOYMENT_V1
    key_field: ClassVar[str] = "institution_code"

    institution_code: str = Field(
        max_length=40, description="Code of the host institution (an IPRC or a hospital)."
    )


class MissionStartedV1(_AtInstitution):
    """A diaspora professional reported for duty at a host institution."""

    event_type: ClassVar[str] = "org.iom.diaspora.mission.started.v1"
    example: ClassVar[dict[str, object]] = {"institution_code": "IPRC-KGL", "month": "2026-05"}

    month: Month = Field(description="Month the mission started (YYYY-MM).")


class MissionCompletedV1(_AtInstitution):
    """A mission at a host institution ended as planned, with what it delivered."""

    event_type: ClassVar[str] = "org.iom.diaspora.mission.completed.v1"
    example: ClassVar[dict[str, object]] = {
        "institution_code": "IPRC-KGL",
        "month": "2026-06",
        "person_days": 42,
        "sessions": 12,
        "hours": 36.0,
    }

    month: Month = Field(description="Month the mission ended (YYYY-MM).")
    person_days: int = Field(ge=1, description="Calendar days on mission, both ends included.")
    sessions: int = Field(ge=0, description="Training sessions and staff trainings on record.")
    hours: float = Field(ge=0, description="Hours of those sessions and trainings.")


class TrainingDeliveredV1(_AtInstitution):
    """A training-of-trainers session was held, with its participants counted by sex."""

    event_type: ClassVar[str] = "org.iom.diaspora.training.delivered.v1"
    example: ClassVar[dict[str, object]] = {
        "institution_code": "IPRC-KGL",
        "month": "2026-05",
        "session_id": "0b7c4e1a-93d2-4c55-8f3e-6a2d1b9c8e77",
        "replaces": None,
        "course": "ICT",
        "hours": 3.0,
        "trainers_female": 4,
        "trainers_male": 6,
        "students_female": 10,
        "students_male": 12,
    }

    month: Month = Field(description="Month of the session (YYYY-MM).")
    session_id: UUID = Field(description="Identifier of this session record.")
    replaces: UUID | None = Field(
        default=None, description="The session record this one corrects, if any."
    )
    course: str = Field(max_length=200, description="Priority course the session served.")
    hours: float = Field(gt=0, le=24, description="Length of the session in hours.")
    trainers_female: int = Field(ge=0, description="Women TVET trainers who took part.")
    trainers_male: int = Field(ge=0, description="Men TVET trainers who took part.")
    students_female: int = Field(ge=0, description="Women students who took part.")
    students_male: int = Field(ge=0, description="Men students who took part.")


DEPLOYMENT_PUBLIC_EVENTS: tuple[type[PublicEvent], ...] = (
    MissionStartedV1,
    MissionCompletedV1,
    TrainingDeliveredV1,
)
