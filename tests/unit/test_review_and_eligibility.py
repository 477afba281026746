"""Eligibility rules and review scoring, as plain functions."""

from datetime import date
from fractions import Fraction

import pytest

from recruitment.domain.eligibility import screen
from recruitment.domain.errors import InvalidInputError
from recruitment.domain.model import Criterion, EligibilityRules, ReviewPolicy
from recruitment.domain.review import (
    ReviewScores,
    aggregate,
    disagreement_flagged,
    weighted_score,
)

from ..runtimes import profile

POLICY = ReviewPolicy(
    criteria=[Criterion(name="expertise", weight=0.75), Criterion(name="motivation", weight=0.25)],
    disagreement_threshold=1.0,
)


def test_every_rule_is_reported_with_its_reason() -> None:
    applicant = profile().model_copy(
        update={
            "years_of_experience": 2,
            "available_from": date(2027, 1, 1),
            "available_until": date(2027, 1, 5),
        }
    )
    outcomes = {o.rule: o for o in screen(applicant, EligibilityRules())}
    assert set(outcomes) == {
        "min_years_of_experience",
        "working_language",
        "min_qualifications",
        "min_available_days",
    }
    assert not outcomes["min_years_of_experience"].passed
    assert outcomes["min_years_of_experience"].reason == "2 years of experience, 3 required"
    assert outcomes["working_language"].passed
    assert outcomes["working_language"].reason == "speaks en/fr"
    assert outcomes["min_available_days"].reason == "available 4 day(s), 14 required"


def test_weighted_score_uses_the_weights() -> None:
    assert weighted_score({"expertise": 4, "motivation": 0}, POLICY) == 3.0
    assert weighted_score({"expertise": 5, "motivation": 5}, POLICY) == 5.0


def test_aggregate_and_disagreement() -> None:
    assert aggregate([Fraction(3), Fraction(4)]) == 3.5
    assert not disagreement_flagged([Fraction(3), Fraction(4)], POLICY)
    assert disagreement_flagged([Fraction(2), Fraction(7, 2)], POLICY)


@pytest.mark.parametrize(
    ("scores", "complaint"),
    [
        ({"expertise": 6, "motivation": 1}, "between 0 and 5"),
        ({"expertise": -1, "motivation": 1}, "between 0 and 5"),
        ({"expertise": 3}, "missing"),
        ({"expertise": 3, "motivation": 1, "charm": 5}, "unknown"),
    ],
)
def test_scores_must_cover_exactly_the_criteria_within_0_to_5(
    scores: dict[str, int], complaint: str
) -> None:
    with pytest.raises(InvalidInputError, match=complaint):
        ReviewScores(scores=scores).validated_for(POLICY)


def test_a_review_policy_needs_two_reviewers_and_distinct_criteria() -> None:
    with pytest.raises(ValueError, match="reviews_required"):
        ReviewPolicy(reviews_required=1)
    with pytest.raises(ValueError, match="distinct"):
        ReviewPolicy(criteria=[Criterion(name="a", weight=0.5), Criterion(name="a", weight=0.5)])
