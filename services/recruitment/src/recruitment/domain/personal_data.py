"""Personal data rights: what a person gets when they ask for their data, and how their
applications are anonymised when they ask for erasure.

What erasure replaces, and why:
- contact details (names, e-mail, phone): replaced by fixed values; the e-mail stays a valid
  address on a reserved domain (`erased-<application id>@invalid.example`) so the stored profile
  still reads as a profile;
- qualifications: free text (degrees, institutions, years) that can single a person out; each
  entry becomes a placeholder, so their number, which screening counts, stays;
- free text written by staff about the person (an override's justification, review comments,
  conflict-of-interest reasons, and the same texts copied into audit details): placeholders;
- the applicant's subject (their identity at the identity provider): an unlinkable random value,
  one per application, so erased applications cannot be joined to each other either.

What is kept, and why:
- sex, country of residence, status, decision times, screening outcomes and scores: anonymous
  once the contact details and identity are gone, and what counts and indicators are made of;
- years of experience, languages, availability window and courses: the facts the recorded
  screening decision rests on, taken from closed vocabularies or numbers, not identifying
  without the contact details;
- consent (privacy-notice version and time): the proof that the processing was lawful while it
  lasted; it carries no contact data;
- the audit log's entries (who did what, when): accountability for the processing itself; staff
  free text in them is replaced as above, and entries made by the person carry their new
  unlinkable value instead of their subject.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from .model import ApplicantProfile, ApplicationView, ContactDetails, ScreeningOverride, Strict

ERASED_NAME = "erased"
ERASED_TEXT = "[erased]"
ERASED_JUSTIFICATION = "[erased with the applicant's personal data]"
ERASED_SUBJECT_PREFIX = "erased:"
FREE_TEXT_DETAIL_KEYS = frozenset({"justification", "reason", "comment"})
"""Keys of audit details that hold staff's free text about an application."""
STAFF_IDENTITY_DETAIL_KEYS = frozenset({"reviewer"})
"""Keys of audit details that name staff: their identities are not the applicant's data."""


def detail_for_applicant(detail: dict[str, Any]) -> dict[str, Any]:
    """What an applicant's export shows of an audit entry's detail: decisions, not who took
    them (reviews are blind, and staff identifiers are the staff's own personal data)."""
    return {key: value for key, value in detail.items() if key not in STAFF_IDENTITY_DETAIL_KEYS}


def erased_email(application_id: UUID) -> str:
    return f"erased-{application_id}@invalid.example"


def anonymised_profile(profile: ApplicantProfile, application_id: UUID) -> ApplicantProfile:
    contact = ContactDetails(
        given_name=ERASED_NAME,
        family_name=ERASED_NAME,
        email=erased_email(application_id),
        phone=None,
    )
    qualifications = [ERASED_TEXT] * len(profile.qualifications)
    return profile.model_copy(update={"contact": contact, "qualifications": qualifications})


def anonymised_override(override: ScreeningOverride) -> ScreeningOverride:
    return override.model_copy(update={"justification": ERASED_JUSTIFICATION})


def anonymised_detail(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ERASED_TEXT if key in FREE_TEXT_DETAIL_KEYS and isinstance(value, str) else value
        for key, value in detail.items()
    }


class AuditRecord(Strict):
    """Something done to one of the person's applications, staff reads included."""

    application_id: UUID
    at: datetime
    action: str
    actor_role: str = Field(
        description="Role of whoever acted; staff identifiers are their own personal data and "
        "stay in the audit log."
    )
    detail: dict[str, Any]


class ReviewRecord(Strict):
    """A reviewer's assessment of one of the person's applications, without the reviewer."""

    application_id: UUID
    scores: dict[str, int] | None
    comment: str | None
    weighted_score: float | None
    submitted_at: datetime | None


class PersonalDataExport(Strict):
    """Everything recruitment holds about one person. Other services hold no contact details:
    only anonymous facts (track, sex, country, dates) keyed by application id."""

    subject: str
    generated_at: datetime
    applications: list[ApplicationView]
    reviews: list[ReviewRecord]
    audit: list[AuditRecord]


class ErasureReceipt(Strict):
    """What an erasure request changed; empty when nothing was held any more."""

    erased_at: datetime
    applications: list[UUID] = Field(
        description="Applications anonymised by this request; one ApplicantDataErased event "
        "each tells other services."
    )
