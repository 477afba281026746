"""Exact review scores, shared by every panel that weighs criteria (recruitment's applications,
grants' pilot projects): weights are read as the decimals they are written as, and scores are
fractions, so equal scores stay equal and rankings never depend on rounding."""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

DISPLAY_DECIMALS = 4


def exact_weighted_score(
    scores: Mapping[str, int], weights: Mapping[str, Decimal | float | str]
) -> Fraction:
    """One reviewer's score over the criteria in `weights`, as an exact fraction."""
    exact = {name: Fraction(str(weight)) for name, weight in weights.items()}
    weighted = sum((scores[name] * weight for name, weight in exact.items()), Fraction(0))
    return weighted / sum(exact.values(), Fraction(0))


def exact_mean(weighted_scores: list[Fraction]) -> Fraction:
    """The panel's score, exact; ranking compares these, never rounded values."""
    return sum(weighted_scores, Fraction(0)) / len(weighted_scores)


def for_display(score: Fraction) -> float:
    """Rounding happens here only, for people to read."""
    return float(round(score, DISPLAY_DECIMALS))
