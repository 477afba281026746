"""Integration events published by the recruitment service.

None of them carries contact details (names, e-mail, phone, address): those stay in recruitment.
"""

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from ..vocabulary import Language, Sex, Track
from .base import IntegrationEvent

# Every string and list an event carries is bounded, as the request that caused it was.
Name = Annotated[str, Field(max_length=200)]
Names = tuple[Name, ...]

CALLS_TOPIC = "recruitment.calls"
APPLICATIONS_TOPIC = "recruitment.applications"


class CallOpened(IntegrationEvent):
    """A call for diaspora professionals was opened on one track."""

    event_type: ClassVar[str] = "recruitment.call.opened.v1"
    topic: ClassVar[str] = CALLS_TOPIC
    aggregate_field: ClassVar[str] = "call_id"

    call_id: UUID = Field(description="Identifier of the call.")
    track: Track = Field(description="Programme track the call recruits for.")
    title: str = Field(max_length=200, description="Public title of the call.")
    target: int = Field(ge=1, description="Number of professionals the call aims to recruit.")
    women_share_goal: float = Field(
        ge=0, le=1, description="Minimum share of women the selection aims at, from 0 to 1."
    )
    opens_on: date = Field(description="First day applications are accepted (ISO 8601).")
    closes_on: date = Field(description="Last day applications are accepted (ISO 8601).")


class ApplicationSubmitted(IntegrationEvent):
    """A diaspora professional applied to a call."""

    event_type: ClassVar[str] = "recruitment.application.submitted.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application.")
    call_id: UUID = Field(description="The call applied to.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, for gender-balance indicators.")
    country_of_residence: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 country of residence."
    )
    submitted_at: datetime = Field(description="When the application was submitted (UTC).")


class ApplicantAccepted(IntegrationEvent):
    """An applicant was accepted into the programme and can be matched to a mission."""

    event_type: ClassVar[str] = "recruitment.applicant.accepted.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the accepted application.")
    call_id: UUID = Field(description="The call the applicant was accepted through.")
    track: Track = Field(description="Track the professional will serve on.")
    sex: Sex = Field(description="Sex of the professional, for gender-balance indicators.")
    country_of_residence: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 country of residence."
    )
    languages: tuple[Language, ...] = Field(
        max_length=20, description="Working languages of the professional."
    )
    courses_or_specialties: Names = Field(
        max_length=50,
        description="Priority courses (TVET) or medical specialties (Health) offered.",
    )
    available_from: date = Field(description="First day the professional can start a mission.")
    available_until: date = Field(description="Last day the professional can be on mission.")
    accepted_at: datetime = Field(description="When the acceptance was recorded (UTC).")
    person_ref: str | None = Field(
        default=None,
        pattern=r"^p1_[0-9a-f]{40}$",
        description="Keyed pseudonym of the applicant's login, so deployment and grants can "
        "recognise the professional's own requests and one person accepted twice; absent when "
        "the platform runs without a person-reference key.",
    )


class ApplicationScreened(IntegrationEvent):
    """An application's eligibility was decided, by the call's rules or by an officer's override."""

    event_type: ClassVar[str] = "recruitment.application.screened.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application.")
    call_id: UUID = Field(description="The call applied to.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, for gender-balance indicators.")
    country_of_residence: str = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 country of residence."
    )
    eligible: bool = Field(description="Whether the application passed screening.")
    overridden: bool = Field(
        description="True when an officer overrode the rules' outcome with a justification."
    )
    failed_rules: Names = Field(
        max_length=50, description="Names of the eligibility rules not met."
    )
    screened_at: datetime = Field(description="When the decision was recorded (UTC).")


class ApplicantWithdrew(IntegrationEvent):
    """An applicant withdrew their application; an accepted place becomes free again."""

    event_type: ClassVar[str] = "recruitment.applicant.withdrew.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the withdrawn application.")
    call_id: UUID = Field(description="The call applied to.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, so balance indicators can be corrected.")
    was_accepted: bool = Field(description="Whether the applicant had been accepted.")
    withdrawn_at: datetime = Field(description="When the withdrawal was recorded (UTC).")


class ApplicationReviewed(IntegrationEvent):
    """The required reviews of an application are in; its aggregated score is known."""

    event_type: ClassVar[str] = "recruitment.application.reviewed.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application.")
    call_id: UUID = Field(description="The call applied to.")
    track: Track = Field(description="Track of the call.")
    aggregated_score: float = Field(ge=0, le=5, description="Mean weighted score, from 0 to 5.")
    reviews: int = Field(ge=1, description="Number of reviews the score aggregates.")
    disagreement_flagged: bool = Field(
        description="True when reviewers' weighted scores differ by more than the call allows."
    )
    reviewed_at: datetime = Field(description="When the last required review arrived (UTC).")


class SelectionConfirmed(IntegrationEvent):
    """An officer confirmed a call's selection proposal; offers go out to the selected."""

    event_type: ClassVar[str] = "recruitment.selection.confirmed.v1"
    topic: ClassVar[str] = CALLS_TOPIC
    aggregate_field: ClassVar[str] = "call_id"

    call_id: UUID = Field(description="The call whose selection was confirmed.")
    track: Track = Field(description="Track of the call.")
    selected: int = Field(ge=0, description="Number of candidates selected (offers made).")
    waiting_list: int = Field(ge=0, description="Number of candidates on the waiting list.")
    women_required: int = Field(ge=0, description="Women needed to meet the call's goal.")
    women_selected: int = Field(ge=0, description="Women among the selected.")
    goal_met: bool = Field(description="Whether the women-share goal is met.")
    confirmed_at: datetime = Field(description="When the officer confirmed (UTC).")


class OfferMade(IntegrationEvent):
    """A place was offered to an applicant, with a deadline to answer."""

    event_type: ClassVar[str] = "recruitment.offer.made.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application offered a place.")
    call_id: UUID = Field(description="The call.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, for gender-balance indicators.")
    deadline: datetime = Field(description="The offer lapses if not answered by then (UTC).")
    from_waiting_list: bool = Field(description="True when the place was freed by someone else.")
    made_at: datetime = Field(description="When the offer was made (UTC).")


class OfferDeclined(IntegrationEvent):
    """An applicant declined their offer; the place goes to the waiting list."""

    event_type: ClassVar[str] = "recruitment.offer.declined.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application.")
    call_id: UUID = Field(description="The call.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, for gender-balance indicators.")
    declined_at: datetime = Field(description="When the decline was recorded (UTC).")


class OfferExpired(IntegrationEvent):
    """An offer lapsed unanswered at its deadline; the place goes to the waiting list."""

    event_type: ClassVar[str] = "recruitment.offer.expired.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application.")
    call_id: UUID = Field(description="The call.")
    track: Track = Field(description="Track of the call.")
    sex: Sex = Field(description="Sex of the applicant, for gender-balance indicators.")
    expired_at: datetime = Field(description="When the expiry was recorded (UTC).")


class ApplicantDataErased(IntegrationEvent):
    """An applicant's personal data was erased on their request; other services drop anything
    they derived about this application except anonymous counts."""

    event_type: ClassVar[str] = "recruitment.applicant.data-erased.v1"
    topic: ClassVar[str] = APPLICATIONS_TOPIC
    aggregate_field: ClassVar[str] = "application_id"

    application_id: UUID = Field(description="Identifier of the application whose data was erased.")
    call_id: UUID = Field(description="The call.")
    erased_at: datetime = Field(description="When the erasure was carried out (UTC).")
