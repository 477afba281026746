"""The confirmed selection of a call: its placements, its waiting list and how long its offers
stay open. Confirming sends the selected their offers; a place a selected applicant leaves
goes to the next on the waiting list who can still take it, and the ones who cannot are
skipped with the reason (see the rules in `selection` and `waiting_list`)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from uuid import UUID

from diaspora_shared.contracts.events import IntegrationEvent, SelectionConfirmed
from diaspora_shared.contracts.scoring import exact_mean
from diaspora_shared.contracts.vocabulary import Sex

from .application import Application
from .call import Call
from .errors import ConflictError, NotFoundError, StateConflict
from .model import ApplicationStatus, ReviewPolicy
from .selection import Candidate, Outcome, SelectionProposal, propose_selection
from .waiting_list import drop_from_waiting_list, next_from_waiting_list, replace_leaver


@dataclass
class Selection:
    call_id: UUID
    proposal: SelectionProposal
    offer_valid_for: timedelta
    confirmed_at: datetime
    confirmed_by: str
    events: list[IntegrationEvent] = field(default_factory=list)

    @classmethod
    def confirm(
        cls,
        call: Call,
        proposal: SelectionProposal,
        applications: Sequence[Application],
        offer_valid_hours: int,
        by: str,
        at: datetime,
    ) -> "Selection":
        """Offers go to the selected; the others wait for a place or are not selected."""
        if not proposal.placements:
            raise StateConflict("no eligible application has its required reviews yet")
        selection = cls(call.call_id, proposal, timedelta(hours=offer_valid_hours), at, by)
        placed = {str(application.application_id): application for application in applications}
        for placement in proposal.placements:
            application = placed[placement.application_id]
            if placement.outcome is Outcome.SELECTED:
                application.make_offer(call, at, selection.offer_valid_for, from_waiting_list=False)
            else:
                application.settle_unselected(waiting=placement.outcome is Outcome.WAITING_LIST)
        selection.events.append(_confirmed(call, proposal, at))
        return selection

    def was_selected(self, application_id: UUID) -> bool:
        try:
            placement = self.proposal.placement_of(str(application_id))
        except NotFoundError:
            return False
        return placement.outcome is Outcome.SELECTED

    def next_in_line(self, leaving: UUID) -> UUID | None:
        """Who would be offered the leaver's place now; `None` when nobody is waiting."""
        successor = next_from_waiting_list(self.proposal, str(leaving))
        return UUID(successor.application_id) if successor is not None else None

    def consider(self, candidate: Application) -> bool:
        """Considers the one next in line: whether they can take the place. One who cannot
        (withdrew, erased, no longer waiting) leaves the waiting list with the reason, so the
        next moves up."""
        why = _why_unavailable(candidate)
        if why is not None:
            self.proposal = drop_from_waiting_list(
                self.proposal, str(candidate.application_id), why
            )
        return why is None

    def pass_place(
        self, call: Call, leaving: UUID, successor: Application | None, at: datetime
    ) -> None:
        """The leaver's place goes to `successor` (the one next in line), or stays empty."""
        expected = self.next_in_line(leaving)
        given = successor.application_id if successor is not None else None
        if given != expected:
            raise ConflictError(f"the place of {leaving} goes to {expected}, not {given}")
        self.proposal = replace_leaver(self.proposal, str(leaving))
        if successor is not None:
            successor.make_offer(call, at, self.offer_valid_for, from_waiting_list=True)


def reviewed_candidate(
    application_id: str,
    sex: Sex,
    submitted_at: datetime,
    scores: list[Fraction],
    policy: ReviewPolicy,
) -> Candidate | None:
    """An eligible application competes for a place once it has its required reviews."""
    if len(scores) < policy.reviews_required:
        return None
    return Candidate(application_id, sex, exact_mean(scores), submitted_at)


def propose(call: Call, candidates: Sequence[Candidate]) -> SelectionProposal:
    return propose_selection(candidates, target=call.target, women_share_goal=call.women_share_goal)


def _why_unavailable(candidate: Application) -> str | None:
    if candidate.erased_at is not None:
        return "the applicant's data was erased"
    if candidate.status is ApplicationStatus.WITHDRAWN:
        return "the applicant withdrew"
    if candidate.status is not ApplicationStatus.WAITLISTED:
        return f"the application is {candidate.status}"
    return None


def _confirmed(call: Call, proposal: SelectionProposal, at: datetime) -> SelectionConfirmed:
    return SelectionConfirmed(
        call_id=call.call_id,
        track=call.track,
        selected=len(proposal.selected),
        waiting_list=len(proposal.waiting_list),
        women_required=proposal.women_required,
        women_selected=proposal.women_selected,
        goal_met=proposal.goal_met,
        confirmed_at=at,
    )
