"""Review scoring: criteria scored 0-5 with weights, aggregated over reviewers, with large
disagreements flagged for an officer to look at."""

from fractions import Fraction

from pydantic import Field

from diaspora_shared.contracts.text import SafeLine, SafeText

from .errors import InvalidInputError
from .model import ReviewPolicy, Strict

DISPLAY_DECIMALS = 4


class ReviewScores(Strict):
    """One reviewer's scores, criterion name to a score from 0 to 5."""

    scores: dict[SafeLine, int] = Field(min_length=1, max_length=20)
    comment: SafeText | None = None

    def validated_for(self, policy: ReviewPolicy) -> dict[str, int]:
        expected = {criterion.name for criterion in policy.criteria}
        unknown, missing = set(self.scores) - expected, expected - set(self.scores)
        if unknown or missing:
            raise InvalidInputError(
                f"score exactly the call's criteria; unknown: {sorted(unknown)}, "
                f"missing: {sorted(missing)}"
            )
        outside = {name: score for name, score in self.scores.items() if not 0 <= score <= 5}
        if outside:
            raise InvalidInputError(f"scores must be between 0 and 5: {outside}")
        return dict(self.scores)


def exact_weighted_score(scores: dict[str, int], policy: ReviewPolicy) -> Fraction:
    """One reviewer's score as an exact fraction: weights are read as the decimals they are
    written as, so equal scores stay equal whatever the weights."""
    weights = {criterion.name: Fraction(str(criterion.weight)) for criterion in policy.criteria}
    return sum((scores[name] * weight for name, weight in weights.items()), Fraction(0)) / sum(
        weights.values()
    )


def exact_mean(weighted_scores: list[Fraction]) -> Fraction:
    """The aggregated score, exact; ranking compares these, never rounded values."""
    return sum(weighted_scores, Fraction(0)) / len(weighted_scores)


def for_display(score: Fraction) -> float:
    """Rounding happens here only, for people to read."""
    return float(round(score, DISPLAY_DECIMALS))


def weighted_score(scores: dict[str, int], policy: ReviewPolicy) -> float:
    return for_display(exact_weighted_score(scores, policy))


def aggregate(weighted_scores: list[Fraction]) -> float:
    return for_display(exact_mean(weighted_scores))


def disagreement_flagged(weighted_scores: list[Fraction], policy: ReviewPolicy) -> bool:
    gap = max(weighted_scores) - min(weighted_scores)
    return gap > Fraction(str(policy.disagreement_threshold))
