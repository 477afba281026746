"""A review panel, the same thing for an applicant's file and a pilot project's application:
officers assign reviewers, only an assigned reviewer scores, a reviewer who declares a conflict
of interest can no longer score, and each review is submitted once. Scores are weighted exactly
(`diaspora_shared.contracts.scoring`); what a criterion weighs is the caller's policy."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from diaspora_shared.contracts.scoring import exact_weighted_score, for_display

from .errors import ConflictError, NotFoundError

Weights = Mapping[str, Decimal | float | str]


class AlreadyReviewed(ConflictError):
    """The review was already assigned or submitted (a repeated or concurrent request)."""

    code = "review.already_done"


class ConflictDeclared(ConflictError):
    code = "review.conflict_declared"


@dataclass
class Review:
    reviewer_subject: str
    assigned_at: datetime
    assigned_by: str
    conflict_reason: str | None = None
    scores: dict[str, int] | None = None
    comment: str | None = None
    submitted_at: datetime | None = None
    display_score: float | None = None
    """The weighted score rounded for people to read; ranking uses the exact score."""

    def exact_score_with(self, weights: Weights) -> Fraction | None:
        if self.scores is None or self.submitted_at is None:
            return None
        return exact_weighted_score(self.scores, weights)


@dataclass
class ReviewPanel:
    reviews: list[Review] = field(default_factory=list)
    already_done: ClassVar[type[ConflictError]] = AlreadyReviewed

    def assign(self, reviewer_subject: str, by: str, at: datetime) -> None:
        if any(review.reviewer_subject == reviewer_subject for review in self.reviews):
            raise self.already_done(f"{reviewer_subject} is already assigned to this application")
        self.reviews.append(Review(reviewer_subject, assigned_at=at, assigned_by=by))

    def own(self, reviewer_subject: str) -> Review:
        for review in self.reviews:
            if review.reviewer_subject == reviewer_subject:
                return review
        raise NotFoundError("you are not assigned to this application")

    def declare_conflict(self, review: Review, reason: str) -> None:
        if review.submitted_at is not None:
            raise self.already_done("you have already submitted your review")
        review.conflict_reason = reason

    def submit_scores(
        self,
        review: Review,
        scores: dict[str, int],
        comment: str | None,
        weights: Weights,
        at: datetime,
    ) -> None:
        """`scores` are already checked against the criteria `weights` name."""
        if review.conflict_reason is not None:
            raise ConflictDeclared("you declared a conflict of interest and cannot score")
        if review.submitted_at is not None:
            raise self.already_done("you have already submitted your review")
        review.scores, review.comment = dict(scores), comment
        review.display_score = for_display(exact_weighted_score(review.scores, weights))
        review.submitted_at = at

    def exact_scores_with(self, weights: Weights) -> list[Fraction]:
        scores = (review.exact_score_with(weights) for review in self.reviews)
        return [score for score in scores if score is not None]
