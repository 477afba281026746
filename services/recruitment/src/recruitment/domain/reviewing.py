"""An application's review panel: who is assigned, who declared a conflict, who scored, and
what each person may see of the others' reviews."""

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from .errors import AlreadyDone, ConflictError, NotFoundError
from .model import ReviewPolicy
from .review import ReviewScores, exact_weighted_score, weighted_score


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
    """The weighted score rounded for people to read; ranking uses `exact_score`."""

    def exact_score(self, policy: ReviewPolicy) -> Fraction | None:
        if self.scores is None or self.submitted_at is None:
            return None
        return exact_weighted_score(self.scores, policy)


@dataclass
class ReviewPanel:
    reviews: list[Review] = field(default_factory=list)

    def assign(self, reviewer_subject: str, by: str, at: datetime) -> None:
        if any(review.reviewer_subject == reviewer_subject for review in self.reviews):
            raise AlreadyDone(f"{reviewer_subject} is already assigned to this application")
        self.reviews.append(Review(reviewer_subject, assigned_at=at, assigned_by=by))

    def own(self, reviewer_subject: str) -> Review:
        for review in self.reviews:
            if review.reviewer_subject == reviewer_subject:
                return review
        raise NotFoundError("you are not assigned to this application")

    def declare_conflict(self, review: Review, reason: str) -> None:
        if review.submitted_at is not None:
            raise AlreadyDone("you have already submitted your review")
        review.conflict_reason = reason

    def score(
        self, review: Review, given: ReviewScores, policy: ReviewPolicy, at: datetime
    ) -> None:
        if review.conflict_reason is not None:
            raise ConflictError("you declared a conflict of interest and cannot score")
        if review.submitted_at is not None:
            raise AlreadyDone("you have already submitted your review")
        review.scores, review.comment = given.validated_for(policy), given.comment
        review.display_score = weighted_score(review.scores, policy)
        review.submitted_at = at

    def exact_scores(self, policy: ReviewPolicy) -> list[Fraction]:
        scores = (review.exact_score(policy) for review in self.reviews)
        return [score for score in scores if score is not None]
