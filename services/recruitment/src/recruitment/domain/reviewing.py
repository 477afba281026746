"""An application's review panel (`diaspora_shared.domain.review_panel`), scored against the
call's review policy."""

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import ClassVar

from diaspora_shared.domain.review_panel import Review
from diaspora_shared.domain.review_panel import ReviewPanel as SharedReviewPanel

from .errors import AlreadyDone, ConflictError
from .model import ReviewPolicy
from .review import ReviewScores

__all__ = ["Review", "ReviewPanel", "exact_score"]


def _weights(policy: ReviewPolicy) -> dict[str, float]:
    return {criterion.name: criterion.weight for criterion in policy.criteria}


def exact_score(review: Review, policy: ReviewPolicy) -> Fraction | None:
    """One submitted review's exact weighted score under the call's policy."""
    return review.exact_score_with(_weights(policy))


@dataclass
class ReviewPanel(SharedReviewPanel):
    already_done: ClassVar[type[ConflictError]] = AlreadyDone

    def score(
        self, review: Review, given: ReviewScores, policy: ReviewPolicy, at: datetime
    ) -> None:
        scores = given.validated_for(policy)
        self.submit_scores(review, scores, given.comment, _weights(policy), at)

    def exact_scores(self, policy: ReviewPolicy) -> list[Fraction]:
        return self.exact_scores_with(_weights(policy))
