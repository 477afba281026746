"""What crosses deployment's HTTP boundary: bounded request bodies and the views answered."""

from datetime import date
from typing import Annotated, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diaspora_shared.contracts.events import CancellationReason
from diaspora_shared.contracts.text import SafeLine, SafeText
from diaspora_shared.contracts.vocabulary import Language, Sex, Track

from .host_request import RequestStatus
from .matching import Fit
from .mission import MissionStatus

InstitutionCode = Annotated[SafeLine, Field(max_length=40)]
MAX_PROFESSIONALS_PER_REQUEST = 30
MAX_PARTICIPANTS = 10_000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HostRequestSpec(_Body):
    """Terms of reference, written by the host institution."""

    course_or_specialty: SafeLine = Field(description="Priority course or hospital department.")
    expertise: SafeText = Field(description="The expertise wanted.")
    language: Language = Field(description="Working language of the mission.")
    starts_on: date
    ends_on: date
    professionals_wanted: int = Field(ge=1, le=MAX_PROFESSIONALS_PER_REQUEST)
    expected_participants: int = Field(
        ge=0, le=MAX_PARTICIPANTS, description="Trainees or staff expected to take part."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class ReturnSpec(_Body):
    reason: SafeText = Field(description="What the host should change before resubmitting.")


class HostRequestView(BaseModel):
    request_id: UUID
    institution_code: str
    track: Track
    course_or_specialty: str
    expertise: str
    language: Language
    starts_on: date
    ends_on: date
    professionals_wanted: int
    expected_participants: int
    status: RequestStatus
    return_reason: str | None


class MatchSpec(_Body):
    professional_id: UUID = Field(description="Pseudonymous id of an available professional.")
    starts_on: date | None = Field(default=None, description="Defaults to the request's start.")
    ends_on: date | None = Field(default=None, description="Defaults to the request's end.")


class LogisticsSpec(_Body):
    travel_booked: bool
    accommodation_booked: bool
    insured: bool
    allowance_minor_units: int = Field(ge=0, le=100_000_000, description="In minor units.")
    currency: str = Field(pattern="^[A-Z]{3}$", description="ISO 4217 code, e.g. RWF or EUR.")


class ExtensionSpec(_Body):
    ends_on: date = Field(description="The new last day of the mission.")


class CancellationSpec(_Body):
    reason: CancellationReason
    note: SafeText | None = Field(default=None, description="Details, kept in deployment only.")


class FitView(BaseModel):
    course_or_specialty: bool
    language: bool
    availability: bool

    @classmethod
    def of(cls, fit: Fit) -> "FitView":
        return cls(
            course_or_specialty=fit.course_or_specialty,
            language=fit.language,
            availability=fit.availability,
        )


class MissionView(BaseModel):
    mission_id: UUID
    request_id: UUID
    institution_code: str
    professional_id: UUID
    track: Track
    course_or_specialty: str
    starts_on: date
    ends_on: date
    status: MissionStatus
    cancellation: CancellationReason | None


class ProfessionalView(BaseModel):
    professional_id: UUID
    track: Track
    sex: Sex
    country_of_residence: str
    languages: list[Language]
    courses_or_specialties: list[str]
    available_from: date
    available_until: date


class CandidateView(BaseModel):
    """An available professional, with how well they fit one request."""

    professional: ProfessionalView
    fit: FitView
