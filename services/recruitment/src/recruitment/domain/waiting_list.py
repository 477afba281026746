"""The waiting list after selection: who is offered a place a selected candidate leaves, and
how the proposal reads afterwards (see the rules in `selection`)."""

from dataclasses import replace

from diaspora_shared.contracts.vocabulary import Sex

from .errors import ConflictError
from .selection import (
    Outcome,
    Placement,
    SelectionProposal,
    proposal_of,
    waiting_reason,
    women_required,
)


def next_from_waiting_list(
    proposal: SelectionProposal, leaving_application_id: str
) -> Placement | None:
    """Whom to offer the place a selected candidate leaves; ``None`` if nobody is waiting.

    A woman is preferred only when the departure would leave fewer women than required, so
    the waiting-list order is kept whenever the goal allows it.
    """
    leaver = _selected_placement(proposal, leaving_application_id)
    waiting = proposal.waiting_list
    if not waiting:
        return None
    women_left = proposal.women_selected - (1 if leaver.sex is Sex.FEMALE else 0)
    if women_left < proposal.women_required:
        for placement in waiting:
            if placement.sex is Sex.FEMALE:
                return placement
    return waiting[0]


def replace_leaver(proposal: SelectionProposal, leaving_application_id: str) -> SelectionProposal:
    """The proposal after a selected candidate declines or withdraws and the place is offered.

    The leaver becomes ``not_selected`` (they keep their rank, so the history stays readable),
    the candidate from :func:`next_from_waiting_list` becomes ``selected``, and the waiting list
    closes up to positions 1..k again. With nobody waiting the place stays empty and the goal is
    recomputed for the smaller selection.
    """
    leaver = _selected_placement(proposal, leaving_application_id)
    successor = next_from_waiting_list(proposal, leaving_application_id)
    placements: list[Placement] = []
    waiting_position = 0
    for placement in proposal.placements:
        if placement.application_id == leaver.application_id:
            placements.append(_left(placement, successor))
        elif successor is not None and placement.application_id == successor.application_id:
            placements.append(_successor(placement, leaver, proposal))
        elif placement.outcome is Outcome.WAITING_LIST:
            waiting_position += 1
            placements.append(_renumbered(placement, waiting_position, proposal.target))
        else:
            placements.append(placement)
    number_selected = sum(p.outcome is Outcome.SELECTED for p in placements)
    required = women_required(proposal.women_share_goal, number_selected)
    return proposal_of(tuple(placements), proposal.target, proposal.women_share_goal, required)


def drop_from_waiting_list(
    proposal: SelectionProposal, application_id: str, why: str
) -> SelectionProposal:
    """The proposal once a waiting candidate can no longer take a place (they withdrew or had
    their data erased): they become ``not_selected`` with the reason, the others move up."""
    placements: list[Placement] = []
    waiting_position = 0
    for placement in proposal.placements:
        if placement.application_id == application_id:
            reason = f"skipped on the waiting list: {why} (rank {placement.rank})"
            placements.append(
                replace(
                    placement, outcome=Outcome.NOT_SELECTED, reason=reason, waiting_position=None
                )
            )
        elif placement.outcome is Outcome.WAITING_LIST:
            waiting_position += 1
            placements.append(_renumbered(placement, waiting_position, proposal.target))
        else:
            placements.append(placement)
    return proposal_of(
        tuple(placements), proposal.target, proposal.women_share_goal, proposal.women_required
    )


def _left(placement: Placement, successor: Placement | None) -> Placement:
    then = (
        f"place offered to {successor.application_id}"
        if successor is not None
        else "nobody on the waiting list, the place stays empty"
    )
    reason = f"declined or withdrew after selection (rank {placement.rank}); {then}"
    return replace(placement, outcome=Outcome.NOT_SELECTED, reason=reason, waiting_position=None)


def _successor(placement: Placement, leaver: Placement, proposal: SelectionProposal) -> Placement:
    women_left = proposal.women_selected - (1 if leaver.sex is Sex.FEMALE else 0)
    if placement.sex is Sex.FEMALE and women_left < proposal.women_required:
        why = "to keep the women-share goal"
    else:
        why = "next on the waiting list"
    reason = f"replaces {leaver.application_id}, {why} (rank {placement.rank})"
    return replace(placement, outcome=Outcome.SELECTED, reason=reason, waiting_position=None)


def _renumbered(placement: Placement, position: int, target: int) -> Placement:
    if placement.waiting_position == position:
        return placement
    reason = waiting_reason(placement.rank, position, target)
    return replace(placement, reason=reason, waiting_position=position)


def _selected_placement(proposal: SelectionProposal, application_id: str) -> Placement:
    placement = proposal.placement_of(application_id)
    if placement.outcome is not Outcome.SELECTED:
        raise ConflictError(f"application {application_id} is not selected ({placement.outcome})")
    return placement
