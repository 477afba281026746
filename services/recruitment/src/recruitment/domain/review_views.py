"""What reviewers and officers see of reviews."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from diaspora_shared.contracts.text import SafeLine, SafeText
from diaspora_shared.contracts.vocabulary import Language

from .model import ApplicantProfile, Strict


class ProfileForReview(Strict):
    """The profile without contact details, consent or sex: what a reviewer needs to judge."""

    country_of_residence: str
    qualifications: list[str]
    years_of_experience: int
    languages: list[Language]
    available_from: date
    available_until: date
    courses_or_specialties: list[str]

    @classmethod
    def of(cls, profile: ApplicantProfile) -> "ProfileForReview":
        return cls.model_validate(profile.model_dump(exclude={"contact", "consent", "sex"}))


class ReviewView(Strict):
    reviewer_subject: str
    conflict_reason: str | None
    scores: dict[str, int] | None
    comment: str | None
    weighted_score: float | None
    submitted_at: datetime | None


class AssignmentView(Strict):
    application_id: UUID
    call_id: UUID
    profile: ProfileForReview
    my_review: ReviewView


class ReviewSummary(Strict):
    application_id: UUID
    reviews: list[ReviewView] = Field(
        description="All reviews for officers; for a reviewer, others' only after their own."
    )
    reviews_submitted: int
    reviews_required: int
    aggregated_score: float | None
    disagreement_flagged: bool


class ReviewerAssignment(Strict):
    reviewer_subject: SafeLine


class ConflictDeclaration(Strict):
    reason: Annotated[SafeText, Field(min_length=10, max_length=2000)]
