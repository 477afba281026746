"""Scores are exact: how reviewers are ordered, or how the same criterion totals are split
among them, never changes how equal scores rank (the tie-breaks decide)."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from diaspora_shared.contracts.vocabulary import Sex
from recruitment.domain.model import Criterion, ReviewPolicy
from recruitment.domain.review import (
    aggregate,
    disagreement_flagged,
    exact_mean,
    exact_weighted_score,
)
from recruitment.domain.selection import Candidate, rank_candidates
from recruitment.domain.selection_views import SelectionConfirmation

NAMES = ("a", "b", "c")
Reviews = list[dict[str, int]]

weights = st.lists(st.sampled_from([0.1, 0.15, 0.3, 0.35, 0.7, 1.0]), min_size=3, max_size=3)
one_review = st.fixed_dictionaries({name: st.integers(0, 5) for name in NAMES})
reviews = st.lists(one_review, min_size=2, max_size=5)


def policy_of(chosen: list[float]) -> ReviewPolicy:
    criteria = [Criterion(name=n, weight=w) for n, w in zip(NAMES, chosen, strict=True)]
    return ReviewPolicy(criteria=criteria)


def score_of(given_reviews: Reviews, policy: ReviewPolicy) -> Fraction:
    return exact_mean([exact_weighted_score(review, policy) for review in given_reviews])


def ranked_ids(first: Reviews, second: Reviews, policy: ReviewPolicy) -> list[str]:
    """`early` submitted before `late`; equal scores must keep that order."""
    at = datetime(2026, 11, 1, tzinfo=UTC)
    candidates = [
        Candidate("late", Sex.FEMALE, score_of(second, policy), at + timedelta(minutes=1)),
        Candidate("early", Sex.FEMALE, score_of(first, policy), at),
    ]
    return [candidate.application_id for candidate in rank_candidates(candidates)]


def split_differently(given_reviews: Reviews, data: st.DataObject) -> Reviews:
    """The same criterion totals over the same number of reviewers, split otherwise."""
    moved = [dict(review) for review in given_reviews]
    for _ in range(data.draw(st.integers(0, 6))):
        name = data.draw(st.sampled_from(NAMES))
        giver, taker = data.draw(st.permutations(range(len(moved))))[:2]
        if moved[giver][name] > 0 and moved[taker][name] < 5:
            moved[giver][name] -= 1
            moved[taker][name] += 1
    return moved


@given(weights, reviews, st.data())
def test_equal_exact_scores_rank_by_submission_however_reviews_are_ordered_or_split(
    chosen: list[float], first: Reviews, data: st.DataObject
) -> None:
    policy = policy_of(chosen)
    second = split_differently(data.draw(st.permutations(first)), data)

    assert score_of(second, policy) == score_of(first, policy)
    assert ranked_ids(first, second, policy) == ["early", "late"]


def test_a_tie_that_rounding_per_reviewer_broke_stays_a_tie() -> None:
    thirds = policy_of([1.0, 1.0, 1.0])
    tied_first = [{"a": 3, "b": 3, "c": 4}, {"a": 3, "b": 4, "c": 3}]
    tied_second = [{"a": 3, "b": 3, "c": 3}, {"a": 4, "b": 4, "c": 3}]

    assert score_of(tied_first, thirds) == score_of(tied_second, thirds) == Fraction(10, 3)
    assert ranked_ids(tied_first, tied_second, thirds) == ["early", "late"]
    assert aggregate([Fraction(3), Fraction(11, 3)]) == 3.3333  # rounded for display only


def test_disagreement_is_measured_exactly() -> None:
    policy = ReviewPolicy(disagreement_threshold=0.3)
    assert not disagreement_flagged([Fraction(3), Fraction(33, 10)], policy)
    assert disagreement_flagged([Fraction(3), Fraction(3301, 1000)], policy)


def test_offer_validity_is_in_hours_and_days_are_still_understood() -> None:
    assert SelectionConfirmation(offer_valid_hours=2).valid_hours == 2
    assert SelectionConfirmation(offer_valid_days=3).valid_hours == 72
    assert SelectionConfirmation().valid_hours == 14 * 24
