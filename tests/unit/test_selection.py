"""Ranking, proposals under the women-share goal, and replacements from the waiting list."""

import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diaspora_shared.contracts.vocabulary import Sex
from recruitment.domain.errors import ConflictError, InvalidInputError, NotFoundError
from recruitment.domain.selection import (
    Candidate,
    Outcome,
    SelectionProposal,
    propose_selection,
    rank_candidates,
    women_required,
)
from recruitment.domain.waiting_list import next_from_waiting_list, replace_leaver

MODEST = settings(max_examples=200, deadline=None)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

F, M = Sex.FEMALE, Sex.MALE


def cand(application_id: str, sex: Sex, score: float, minutes: int = 0) -> Candidate:
    return Candidate(application_id, sex, score, T0 + timedelta(minutes=minutes))


# Few distinct scores and times so ties on score and on time happen often.
candidate_pools = st.lists(
    st.builds(
        cand,
        st.text(alphabet="abcdef0123", min_size=1, max_size=4),
        st.sampled_from([F, M]),
        st.sampled_from([0.0, 1.5, 2.5, 3.0, 3.75, 4.2, 5.0]),
        st.integers(min_value=0, max_value=5),
    ),
    max_size=40,
    unique_by=lambda c: c.application_id,
)
targets = st.integers(min_value=1, max_value=20)
goals = st.one_of(
    st.sampled_from([0.0, 0.1, 0.3, 0.4, 0.5, 2 / 3, 1.0]),
    st.floats(min_value=0, max_value=1),
)
min_scores = st.one_of(st.none(), st.sampled_from([0.0, 2.5, 3.0, 4.0, 5.0]))


def eligible(pool: list[Candidate], min_score: float | None) -> list[Candidate]:
    return [c for c in pool if min_score is None or c.score >= min_score]


def selected_ids(proposal: SelectionProposal) -> list[str]:
    return [p.application_id for p in proposal.selected]


# --- ranking -----------------------------------------------------------------------------------


def test_ties_go_to_the_earlier_submission_then_the_smaller_application_id() -> None:
    pool = [
        cand("b", M, 4.0, minutes=5),
        cand("c", F, 4.0, minutes=1),
        cand("a", M, 4.0, minutes=5),
        cand("z", F, 4.5, minutes=9),
        cand("y", M, 3.0, minutes=0),
    ]
    assert [c.application_id for c in rank_candidates(pool)] == ["z", "c", "a", "b", "y"]
    proposal = propose_selection(pool, target=5, women_share_goal=0)
    assert [(p.application_id, p.rank) for p in proposal.placements] == [
        ("z", 1),
        ("c", 2),
        ("a", 3),
        ("b", 4),
        ("y", 5),
    ]


def test_the_last_place_goes_to_the_earlier_submission_on_equal_scores() -> None:
    pool = [cand("late", M, 4.0, minutes=10), cand("early", M, 4.0, minutes=0)]
    proposal = propose_selection(pool, target=1, women_share_goal=0)
    assert selected_ids(proposal) == ["early"]
    assert proposal.placement_of("late").waiting_position == 1


@MODEST
@given(pool=candidate_pools)
def test_ranks_are_1_to_n_and_follow_score_then_time_then_id(pool: list[Candidate]) -> None:
    ranked = rank_candidates(pool)
    keys = [(-c.score, c.submitted_at, c.application_id) for c in ranked]
    assert keys == sorted(keys)
    assert len(ranked) == len(pool)


def test_duplicate_applications_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="duplicate applications: a"):
        rank_candidates([cand("a", F, 3.0), cand("a", M, 2.0)])


@pytest.mark.parametrize(
    ("kwargs", "complaint"),
    [
        ({"score": 5.1}, "score must be between"),
        ({"score": float("nan")}, "score must be between"),
        ({"application_id": ""}, "application id"),
        ({"submitted_at": datetime(2026, 3, 1)}, "time zone"),
    ],
)
def test_malformed_candidates_are_refused(kwargs: dict[str, object], complaint: str) -> None:
    data: dict[str, object] = {
        "application_id": "a",
        "sex": F,
        "score": 3.0,
        "submitted_at": T0,
    } | kwargs
    with pytest.raises(InvalidInputError, match=complaint):
        Candidate(**data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": 0, "women_share_goal": 0.4},
        {"target": 3, "women_share_goal": 1.2},
        {"target": 3, "women_share_goal": float("nan")},
        {"target": 3, "women_share_goal": 0.4, "min_score": -1.0},
    ],
)
def test_malformed_parameters_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        propose_selection([cand("a", F, 3.0)], **kwargs)  # type: ignore[arg-type]


# --- women required ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "selected", "required"),
    [
        (0.4, 30, 12),
        (0.4, 29, 12),  # 11.6 rounds up
        (0.1, 30, 3),  # 0.1 * 30 is 3.0000000000000004 in binary floats
        (0.3, 10, 3),
        (0.0, 30, 0),
        (1.0, 7, 7),
        (0.5, 0, 0),
    ],
)
def test_women_required_is_the_ceiling_of_goal_times_selected(
    goal: float, selected: int, required: int
) -> None:
    assert women_required(goal, selected) == required


# --- selection ---------------------------------------------------------------------------------


def test_a_woman_below_the_target_is_selected_to_meet_the_goal() -> None:
    # Ranks 1-3 are men, 4 and 5 women; target 3 with a 0.4 goal needs 2 women.
    pool = [
        cand("m1", M, 5.0),
        cand("m2", M, 4.8),
        cand("m3", M, 4.6),
        cand("w1", F, 4.0),
        cand("w2", F, 3.9),
        cand("m4", M, 3.8),
    ]
    proposal = propose_selection(pool, target=3, women_share_goal=0.4)
    assert selected_ids(proposal) == ["m1", "w1", "w2"]  # presented in rank order
    assert proposal.women_required == 2
    assert proposal.women_selected == 2
    assert proposal.goal_met
    assert proposal.placement_of("m1").reason == "rank 1 within the target of 3"
    assert proposal.placement_of("w2").reason == ("selected to meet the women-share goal (rank 5)")
    assert [(p.application_id, p.waiting_position) for p in proposal.waiting_list] == [
        ("m2", 1),
        ("m3", 2),
        ("m4", 3),
    ]
    assert "went to a woman to meet the women-share goal" in proposal.placement_of("m2").reason
    assert "waiting list position 1" in proposal.placement_of("m2").reason
    assert "outside the target" in proposal.placement_of("m4").reason


def test_when_too_few_women_apply_all_are_selected_and_the_goal_is_reported_unmet() -> None:
    pool = [cand("m1", M, 5.0), cand("m2", M, 4.0), cand("m3", M, 3.0), cand("w1", F, 1.0)]
    proposal = propose_selection(pool, target=3, women_share_goal=0.7)
    assert selected_ids(proposal) == ["m1", "m2", "w1"]
    assert proposal.women_required == 3
    assert proposal.women_selected == 1
    assert not proposal.goal_met


def test_a_small_pool_is_selected_entirely() -> None:
    pool = [cand("a", M, 2.0), cand("b", F, 3.0)]
    proposal = propose_selection(pool, target=30, women_share_goal=0.4)
    assert selected_ids(proposal) == ["b", "a"]
    assert proposal.women_required == 1
    assert proposal.waiting_list == ()


def test_an_empty_pool_gives_an_empty_proposal() -> None:
    proposal = propose_selection([], target=30, women_share_goal=0.4)
    assert proposal.placements == ()
    assert proposal.women_required == 0
    assert proposal.goal_met


def test_min_score_excludes_lower_scores_with_the_reason() -> None:
    pool = [cand("a", F, 4.0), cand("b", M, 2.5), cand("c", F, 2.49), cand("d", M, 1.0)]
    proposal = propose_selection(pool, target=1, women_share_goal=0.5, min_score=2.5)
    assert selected_ids(proposal) == ["a"]
    assert [p.application_id for p in proposal.waiting_list] == ["b"]  # equal to the minimum
    excluded = {p.application_id: p for p in proposal.not_selected}
    assert set(excluded) == {"c", "d"}
    assert excluded["c"].reason == "score 2.49 is below the minimum score 2.50"
    assert excluded["c"].waiting_position is None
    assert excluded["d"].rank == 4


def test_excluded_candidates_do_not_count_towards_the_selection_size() -> None:
    pool = [cand("a", F, 4.0), cand("b", M, 1.0)]
    proposal = propose_selection(pool, target=2, women_share_goal=1.0, min_score=3.0)
    assert selected_ids(proposal) == ["a"]
    assert proposal.women_required == 1
    assert proposal.goal_met


@MODEST
@given(pool=candidate_pools, target=targets, goal=goals, min_score=min_scores)
def test_the_target_is_filled_and_never_exceeded(
    pool: list[Candidate], target: int, goal: float, min_score: float | None
) -> None:
    proposal = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    assert len(proposal.selected) == min(target, len(eligible(pool, min_score)))
    assert len(proposal.selected) <= target


@MODEST
@given(pool=candidate_pools, target=targets, goal=goals, min_score=min_scores)
def test_the_goal_is_met_whenever_enough_eligible_women_exist(
    pool: list[Candidate], target: int, goal: float, min_score: float | None
) -> None:
    proposal = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    number_selected = len(proposal.selected)
    # Exact decimal arithmetic as an independent oracle for ceil(goal * number_selected).
    assert proposal.women_required == math.ceil(Decimal(repr(goal)) * number_selected)
    women = sum(c.sex is F for c in eligible(pool, min_score))
    if women >= proposal.women_required:
        assert proposal.women_selected >= proposal.women_required
        assert proposal.goal_met
    else:
        assert proposal.women_selected == women  # every eligible woman is selected
        assert not proposal.goal_met


@MODEST
@given(pool=candidate_pools, target=targets, goal=goals, min_score=min_scores)
def test_nobody_waiting_outranks_someone_selected_for_rank_alone(
    pool: list[Candidate], target: int, goal: float, min_score: float | None
) -> None:
    proposal = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    waiting = proposal.waiting_list
    for chosen in proposal.selected:
        same_sex_waiting = [p for p in waiting if p.sex is chosen.sex]
        assert all(p.rank > chosen.rank for p in same_sex_waiting)
        if chosen.sex is M:
            assert all(p.rank > chosen.rank for p in waiting)


@MODEST
@given(
    pool=candidate_pools,
    target=targets,
    goal=goals,
    min_score=min_scores,
    seed=st.randoms(use_true_random=False),
)
def test_the_proposal_is_deterministic_and_ignores_input_order(
    pool: list[Candidate],
    target: int,
    goal: float,
    min_score: float | None,
    seed: random.Random,
) -> None:
    shuffled = list(pool)
    seed.shuffle(shuffled)
    first = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    again = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    reordered = propose_selection(
        shuffled, target=target, women_share_goal=goal, min_score=min_score
    )
    assert first == again == reordered


@MODEST
@given(pool=candidate_pools, target=targets, goal=goals, min_score=min_scores)
def test_every_candidate_gets_exactly_one_explained_placement(
    pool: list[Candidate], target: int, goal: float, min_score: float | None
) -> None:
    proposal = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    assert_well_formed(proposal)
    assert sorted(p.application_id for p in proposal.placements) == sorted(
        c.application_id for c in pool
    )
    for placement in proposal.not_selected:
        assert min_score is not None
        assert "below the minimum score" in placement.reason


def assert_well_formed(proposal: SelectionProposal) -> None:
    """Invariants every proposal keeps, before and after replacements."""
    ids = [p.application_id for p in proposal.placements]
    assert len(ids) == len(set(ids))
    assert [p.rank for p in proposal.placements] == list(range(1, len(ids) + 1))
    assert all(p.reason.strip() for p in proposal.placements)
    waiting = [p for p in proposal.placements if p.outcome is Outcome.WAITING_LIST]
    assert [p.waiting_position for p in waiting] == list(range(1, len(waiting) + 1))
    assert proposal.waiting_list == tuple(waiting)
    assert all(
        p.waiting_position is None
        for p in proposal.placements
        if p.outcome is not Outcome.WAITING_LIST
    )
    assert all(f"waiting list position {p.waiting_position}" in p.reason for p in waiting)
    women = sum(p.sex is F for p in proposal.selected)
    assert proposal.women_selected == women
    assert proposal.women_required == women_required(
        proposal.women_share_goal, len(proposal.selected)
    )
    assert proposal.goal_met == (women >= proposal.women_required)
    if not proposal.goal_met:  # an unmet goal means no woman was left waiting
        assert all(p.sex is M for p in proposal.waiting_list)


# --- replacement -------------------------------------------------------------------------------


def test_a_leaving_woman_is_replaced_by_the_next_woman_when_the_goal_needs_it() -> None:
    pool = [
        cand("m1", M, 5.0),
        cand("w1", F, 4.9),
        cand("m2", M, 4.5),
        cand("m3", M, 4.0),
        cand("w2", F, 3.0),
    ]
    proposal = propose_selection(pool, target=2, women_share_goal=0.5)
    assert selected_ids(proposal) == ["m1", "w1"]
    offered = next_from_waiting_list(proposal, "w1")
    assert offered is not None
    assert offered.application_id == "w2"

    after = replace_leaver(proposal, "w1")
    assert selected_ids(after) == ["m1", "w2"]
    assert after.goal_met
    assert after.placement_of("w1").outcome is Outcome.NOT_SELECTED
    assert after.placement_of("w1").reason == (
        "declined or withdrew after selection (rank 2); place offered to w2"
    )
    assert after.placement_of("w2").reason == "replaces w1, to keep the women-share goal (rank 5)"
    assert [(p.application_id, p.waiting_position) for p in after.waiting_list] == [
        ("m2", 1),
        ("m3", 2),
    ]
    assert_well_formed(after)


def test_a_leaving_man_is_replaced_in_waiting_list_order() -> None:
    pool = [cand("m1", M, 5.0), cand("w1", F, 4.9), cand("m2", M, 4.5), cand("w2", F, 3.0)]
    proposal = propose_selection(pool, target=2, women_share_goal=0.5)
    offered = next_from_waiting_list(proposal, "m1")
    assert offered is not None
    assert offered.application_id == "m2"
    after = replace_leaver(proposal, "m1")
    assert after.placement_of("m2").reason == "replaces m1, next on the waiting list (rank 3)"


def test_a_surplus_woman_leaving_is_replaced_in_waiting_list_order() -> None:
    pool = [cand("w1", F, 5.0), cand("w2", F, 4.9), cand("m1", M, 4.5), cand("w3", F, 3.0)]
    proposal = propose_selection(pool, target=2, women_share_goal=0.5)
    assert proposal.women_selected == 2
    offered = next_from_waiting_list(proposal, "w2")
    assert offered is not None
    assert offered.application_id == "m1"


def test_without_a_woman_waiting_the_next_in_order_is_offered_and_the_goal_is_unmet() -> None:
    pool = [cand("m1", M, 5.0), cand("w1", F, 4.9), cand("m2", M, 4.5)]
    proposal = propose_selection(pool, target=2, women_share_goal=0.5)
    after = replace_leaver(proposal, "w1")
    assert selected_ids(after) == ["m1", "m2"]
    assert not after.goal_met


def test_an_empty_waiting_list_offers_nobody_and_leaves_the_place_empty() -> None:
    pool = [cand("m1", M, 5.0), cand("w1", F, 4.9)]
    proposal = propose_selection(pool, target=2, women_share_goal=0.5)
    assert next_from_waiting_list(proposal, "w1") is None
    after = replace_leaver(proposal, "w1")
    assert selected_ids(after) == ["m1"]
    assert after.women_required == 1
    assert "place stays empty" in after.placement_of("w1").reason
    assert_well_formed(after)


def test_only_selected_candidates_can_leave() -> None:
    pool = [cand("m1", M, 5.0), cand("m2", M, 4.0)]
    proposal = propose_selection(pool, target=1, women_share_goal=0)
    with pytest.raises(ConflictError, match="not selected"):
        next_from_waiting_list(proposal, "m2")
    with pytest.raises(NotFoundError):
        replace_leaver(proposal, "nobody")


@MODEST
@given(
    pool=candidate_pools,
    target=targets,
    goal=goals,
    min_score=min_scores,
    data=st.data(),
)
def test_replacements_keep_the_goal_while_a_woman_is_waiting(
    pool: list[Candidate],
    target: int,
    goal: float,
    min_score: float | None,
    data: st.DataObject,
) -> None:
    proposal = propose_selection(pool, target=target, women_share_goal=goal, min_score=min_score)
    departures = data.draw(st.integers(min_value=0, max_value=5), label="departures")
    for _ in range(departures):
        if not proposal.selected:
            break
        leaver = data.draw(st.sampled_from(proposal.selected), label="leaver")
        offered = next_from_waiting_list(proposal, leaver.application_id)
        woman_waiting = any(p.sex is F for p in proposal.waiting_list)
        after = replace_leaver(proposal, leaver.application_id)

        if not proposal.waiting_list:
            assert offered is None
            assert len(after.selected) == len(proposal.selected) - 1
        else:
            assert offered is not None
            assert offered in proposal.waiting_list
            assert offered.application_id not in selected_ids(proposal)
            assert after.placement_of(offered.application_id).outcome is Outcome.SELECTED
            assert len(after.selected) == len(proposal.selected)
            if proposal.goal_met and woman_waiting:
                assert after.goal_met
            women_left = proposal.women_selected - (leaver.sex is F)
            if women_left >= proposal.women_required or not woman_waiting:
                assert offered == proposal.waiting_list[0]
        assert after.placement_of(leaver.application_id).outcome is Outcome.NOT_SELECTED
        assert after.placement_of(leaver.application_id).reason.startswith("declined or withdrew")
        assert next_from_waiting_list(proposal, leaver.application_id) == offered  # deterministic
        assert_well_formed(after)
        proposal = after
