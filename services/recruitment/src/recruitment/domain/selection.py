"""Ranking reviewed candidates and proposing who is selected for a call.

Pure rules, no I/O: the service layer loads eligible, reviewed candidates with their aggregated
review score, calls these functions and stores or shows the result. Every outcome carries a
reason written for people, because officers must be able to explain each decision to applicants
and to the ministries.

Rules
-----
Ranking
    Score descending; ties go to the earlier submission time, then to the application id in
    ascending string order. Ranks run 1..n over every candidate given, so two calls with the
    same candidates always produce the same ranks whatever order they arrive in.
Exclusion
    With ``min_score`` set, a candidate whose score is strictly below it is ``not_selected``
    (a score equal to the minimum is eligible). Excluded candidates keep their rank; they always
    rank after every eligible one because their score is lower.
Size
    ``number_selected = min(target, number of eligible candidates)``: the target is filled, never
    exceeded, and only a smaller pool leaves places empty.
Women-share goal
    ``women_required = ceil(goal * number_selected)``, the goal read as the decimal number it
    is written as (0.1 x 30 requires 3 women, not 4 because of binary rounding).
Selection
    The best-ranked ``women_required`` eligible women are reserved places (all eligible women
    when there are fewer); the remaining places go by rank to everyone else who is eligible.
    The goal is met when ``women_selected >= women_required``.
Waiting list
    Every eligible candidate not selected, in rank order: the order places are offered in.
Replacement
    When a selected candidate declines or withdraws, the place goes to the first on the waiting
    list, unless the leaver's departure would leave fewer women than required: then it goes to
    the first woman on the waiting list, if there is one.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from fractions import Fraction

from diaspora_shared.contracts.vocabulary import Sex

from .errors import InvalidInputError, NotFoundError

MIN_SCORE = 0.0
MAX_SCORE = 5.0


class Outcome(StrEnum):
    """Where a candidate stands in a selection proposal."""

    SELECTED = "selected"
    WAITING_LIST = "waiting_list"
    NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class Candidate:
    """An eligible, reviewed application with its aggregated weighted review score (0..5)."""

    application_id: str
    sex: Sex
    # Kept as an exact fraction (see __post_init__): equal scores must stay equal, or rounding
    # rather than the tie-breaks would decide between them.
    score: Fraction | float
    submitted_at: datetime

    def __post_init__(self) -> None:
        if not self.application_id:
            raise InvalidInputError("a candidate needs an application id")
        _ensure_score_in_range(self.score, "score")
        object.__setattr__(self, "score", exact(self.score))
        # Naive and aware times cannot be compared, and a naive time is ambiguous across the
        # time zones applicants submit from, so tie-breaking needs aware times.
        if self.submitted_at.utcoffset() is None:
            raise InvalidInputError("submitted_at must carry a time zone")


@dataclass(frozen=True)
class Placement:
    """One candidate's outcome, their rank among all candidates and why."""

    application_id: str
    sex: Sex
    outcome: Outcome
    rank: int
    reason: str
    waiting_position: int | None = None


@dataclass(frozen=True)
class SelectionProposal:
    """Who is selected, who waits, who is excluded, and whether the women-share goal is met.

    ``placements`` holds one placement per candidate, in rank order. ``target`` and
    ``women_share_goal`` are kept so replacements follow the same rules as the proposal.
    """

    placements: tuple[Placement, ...]
    target: int
    women_share_goal: float
    women_required: int
    women_selected: int
    goal_met: bool

    @property
    def selected(self) -> tuple[Placement, ...]:
        """Selected candidates in rank order."""
        return tuple(p for p in self.placements if p.outcome is Outcome.SELECTED)

    @property
    def waiting_list(self) -> tuple[Placement, ...]:
        """The waiting list in the order places are offered."""
        waiting = (p for p in self.placements if p.outcome is Outcome.WAITING_LIST)
        return tuple(sorted(waiting, key=lambda p: p.waiting_position or 0))

    @property
    def not_selected(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.outcome is Outcome.NOT_SELECTED)

    def placement_of(self, application_id: str) -> Placement:
        """The placement of one application; unknown ids are an error, not ``None``."""
        for placement in self.placements:
            if placement.application_id == application_id:
                return placement
        raise NotFoundError(f"application {application_id} is not in this proposal")


def exact(score: Fraction | float) -> Fraction:
    """A score as an exact fraction; a float is read as the decimal it prints as."""
    return score if isinstance(score, Fraction) else Fraction(str(score))


def ranking_key(candidate: Candidate) -> tuple[Fraction, datetime, str]:
    """Higher score first, then earlier submission, then application id: a total order."""
    return (-exact(candidate.score), candidate.submitted_at, candidate.application_id)


def rank_candidates(candidates: Iterable[Candidate]) -> tuple[Candidate, ...]:
    """Candidates best first; rank ``i`` is at index ``i - 1``."""
    ranked = tuple(sorted(candidates, key=ranking_key))
    _ensure_unique_ids(ranked)
    return ranked


def women_required(goal: float, number_selected: int) -> int:
    """``ceil(goal * number_selected)``, with the goal taken as the decimal it is written as.

    ``Fraction(str(goal))`` avoids binary artefacts such as ``0.1 * 30 == 3.0000000000000004``
    that would otherwise demand one woman more than the officer asked for.
    """
    _ensure_goal_in_range(goal)
    return math.ceil(Fraction(str(goal)) * number_selected)


def propose_selection(
    candidates: Iterable[Candidate],
    *,
    target: int,
    women_share_goal: float,
    min_score: float | None = None,
) -> SelectionProposal:
    """Fill the target by rank while reserving enough places for women to meet the goal."""
    _ensure_target(target)
    _ensure_goal_in_range(women_share_goal)
    if min_score is not None:
        _ensure_score_in_range(min_score, "min_score")
    ranked = rank_candidates(candidates)
    ranks = {c.application_id: i for i, c in enumerate(ranked, start=1)}
    eligible = [c for c in ranked if min_score is None or c.score >= min_score]
    number_selected = min(target, len(eligible))
    required = women_required(women_share_goal, number_selected)
    chosen = _choose(eligible, number_selected, required)

    placements: list[Placement] = []
    waiting_position = 0
    for candidate in ranked:
        rank = ranks[candidate.application_id]
        if candidate.application_id in chosen:
            reason = _selected_reason(rank, number_selected, target)
            placements.append(_placement(candidate, Outcome.SELECTED, rank, reason))
        elif min_score is not None and candidate.score < min_score:
            score = float(candidate.score)
            reason = f"score {score:.2f} is below the minimum score {min_score:.2f}"
            placements.append(_placement(candidate, Outcome.NOT_SELECTED, rank, reason))
        else:
            waiting_position += 1
            reason = waiting_reason(rank, waiting_position, target)
            placements.append(
                _placement(candidate, Outcome.WAITING_LIST, rank, reason, waiting_position)
            )
    return proposal_of(tuple(placements), target, women_share_goal, required)


def _choose(eligible: Sequence[Candidate], number_selected: int, required: int) -> set[str]:
    """Reserve the best-ranked women first, then fill the rest strictly by rank."""
    women = [c.application_id for c in eligible if c.sex is Sex.FEMALE]
    reserved = set(women[:required])
    others = [c.application_id for c in eligible if c.application_id not in reserved]
    return reserved | set(others[: number_selected - len(reserved)])


def _selected_reason(rank: int, number_selected: int, target: int) -> str:
    # Only reserved women can be selected from beyond the first ``number_selected`` ranks.
    if rank <= number_selected:
        return f"rank {rank} within the target of {target}"
    return f"selected to meet the women-share goal (rank {rank})"


def waiting_reason(rank: int, position: int, target: int) -> str:
    # With anyone waiting the pool exceeds the target, so ``rank <= target`` means the place
    # went to a better-placed woman for the goal's sake.
    if rank <= target:
        why = f"rank {rank} is within the target of {target}, but the place went to a woman "
        why += "to meet the women-share goal"
    else:
        why = f"rank {rank} is outside the target of {target}"
    return f"{why}; waiting list position {position}"


def _placement(
    candidate: Candidate,
    outcome: Outcome,
    rank: int,
    reason: str,
    waiting_position: int | None = None,
) -> Placement:
    return Placement(
        application_id=candidate.application_id,
        sex=candidate.sex,
        outcome=outcome,
        rank=rank,
        reason=reason,
        waiting_position=waiting_position,
    )


def proposal_of(
    placements: tuple[Placement, ...], target: int, goal: float, required: int
) -> SelectionProposal:
    women = sum(p.outcome is Outcome.SELECTED and p.sex is Sex.FEMALE for p in placements)
    return SelectionProposal(
        placements=placements,
        target=target,
        women_share_goal=goal,
        women_required=required,
        women_selected=women,
        goal_met=women >= required,
    )


def _ensure_unique_ids(candidates: Sequence[Candidate]) -> None:
    """One application, one rank: duplicates would make ranks and placements ambiguous."""
    counts = Counter(c.application_id for c in candidates)
    duplicates = sorted(application_id for application_id, n in counts.items() if n > 1)
    if duplicates:
        raise InvalidInputError(f"duplicate applications: {', '.join(duplicates)}")


def _ensure_target(target: int) -> None:
    if target < 1:
        raise InvalidInputError("target must be at least 1")


def _ensure_goal_in_range(goal: float) -> None:
    # ``not (0 <= goal <= 1)`` also refuses NaN.
    if not 0 <= goal <= 1:
        raise InvalidInputError("women_share_goal must be between 0 and 1")


def _ensure_score_in_range(score: Fraction | float, name: str) -> None:
    # The negated comparison also refuses NaN, which would break the ranking's total order.
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise InvalidInputError(f"{name} must be between {MIN_SCORE} and {MAX_SCORE}")
