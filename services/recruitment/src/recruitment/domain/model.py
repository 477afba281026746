"""Calls and applications: the typed input people send and the rules on them."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from diaspora_shared.contracts.geography import EUROPEAN_COUNTRIES
from diaspora_shared.contracts.text import SafeLine, SafeText, bounded
from diaspora_shared.contracts.vocabulary import Language, Sex, Track

from .errors import CallNotOpen, InvalidInputError

# Every text and list a person sends is bounded and free of control characters.
ShortText = SafeLine


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EligibilityRules(Strict):
    """What a call requires of its applicants."""

    min_years_of_experience: int = Field(default=3, ge=0, le=40)
    working_languages: list[Language] = bounded(
        10,
        default=[Language.ENGLISH, Language.FRENCH],
        min_length=1,
        description="The applicant must speak at least one of these.",
    )
    min_qualifications: int = Field(default=1, ge=0, le=10)
    min_available_days: int = Field(
        default=14, ge=0, le=365, description="Shortest availability window that fits a mission."
    )


class Criterion(Strict):
    name: ShortText
    weight: float = Field(gt=0, le=1, description="Relative weight; weights are normalised.")


DEFAULT_CRITERIA = (
    Criterion(name="relevant expertise", weight=0.4),
    Criterion(name="training experience", weight=0.3),
    Criterion(name="motivation", weight=0.2),
    Criterion(name="languages", weight=0.1),
)


class ReviewPolicy(Strict):
    """How applications of a call are reviewed."""

    criteria: list[Criterion] = bounded(20, default=list(DEFAULT_CRITERIA), min_length=1)
    reviews_required: int = Field(default=2, ge=2, le=5)
    disagreement_threshold: float = Field(
        default=1.5, gt=0, le=5, description="Largest gap between reviewers' scores not flagged."
    )

    @model_validator(mode="after")
    def _criteria_are_distinct(self) -> Self:
        names = [criterion.name for criterion in self.criteria]
        if len(names) != len(set(names)):
            raise ValueError("criteria names must be distinct")
        return self


class CallSpec(Strict):
    """What an officer sets when opening a call."""

    track: Track
    title: ShortText
    target: int = Field(ge=1, le=500, description="Professionals to recruit.")
    women_share_goal: float = Field(default=0.4, ge=0, le=1)
    courses_or_specialties: list[ShortText] = bounded(
        50, min_length=1, description="Priority courses (TVET) or specialties (Health) on offer."
    )
    opens_on: date
    closes_on: date
    eligibility: EligibilityRules = EligibilityRules()
    review: ReviewPolicy = ReviewPolicy()

    @model_validator(mode="after")
    def _window_is_ordered(self) -> Self:
        if self.closes_on < self.opens_on:
            raise ValueError("closes_on must not be before opens_on")
        return self


class ContactDetails(Strict):
    """Personal contact data: kept in recruitment only, never published."""

    given_name: ShortText
    family_name: ShortText
    email: EmailStr
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()-]{6,20}$")


class Consent(Strict):
    notice_version: ShortText = Field(description="Version of the privacy notice agreed to.")
    given_at: datetime


class ApplicantProfile(Strict):
    contact: ContactDetails
    sex: Sex
    country_of_residence: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    qualifications: list[ShortText] = bounded(20, min_length=1)
    years_of_experience: int = Field(ge=0, le=60)
    languages: list[Language] = bounded(10, min_length=1)
    available_from: date
    available_until: date
    courses_or_specialties: list[ShortText] = bounded(10, min_length=1)
    consent: Consent

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.country_of_residence not in EUROPEAN_COUNTRIES:
            raise ValueError("country_of_residence must be a European country (ISO 3166-1 alpha-2)")
        if self.available_until < self.available_from:
            raise ValueError("available_until must not be before available_from")
        return self


def ensure_open_for_applications(opens_on: date, closes_on: date, today: date) -> None:
    if not opens_on <= today <= closes_on:
        raise CallNotOpen(f"the call accepts applications from {opens_on} to {closes_on}")


def ensure_offered(requested: list[str], offered: list[str]) -> None:
    unknown = sorted(set(requested) - set(offered))
    if unknown:
        raise InvalidInputError(f"not offered by this call: {', '.join(unknown)}")


class CallView(Strict):
    call_id: UUID
    track: Track
    title: str
    target: int
    women_share_goal: float
    courses_or_specialties: list[str]
    opens_on: date
    closes_on: date
    eligibility: EligibilityRules
    review: ReviewPolicy
    accepted: int


class RuleOutcomeView(Strict):
    rule: str
    passed: bool
    reason: str


class ScreeningOverride(Strict):
    """An officer's decision against the rules' outcome; it is audited."""

    eligible: bool
    justification: Annotated[SafeText, Field(min_length=20, max_length=2000)]


class ApplicationStatus(StrEnum):
    """Where an application stands; screening sets the first two, selection and offers the rest."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    OFFERED = "offered"
    WAITLISTED = "waitlisted"
    NOT_SELECTED = "not_selected"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class OfferStatus(StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class OfferSummary(Strict):
    """The offer made on an application, as its applicant sees it."""

    status: OfferStatus
    made_at: datetime
    deadline: datetime = Field(description="The offer lapses if not answered by this time (UTC).")
    answered_at: datetime | None


class ApplicationView(Strict):
    application_id: UUID
    call_id: UUID
    status: ApplicationStatus
    submitted_at: datetime
    screening: list[RuleOutcomeView]
    screening_override: ScreeningOverride | None
    profile: ApplicantProfile
    offer: OfferSummary | None = Field(
        default=None, description="The offer on this application, with its deadline, if any."
    )
