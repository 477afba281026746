"""What officers see of a selection proposal, and what they send to confirm one."""

from pydantic import Field

from diaspora_shared.contracts.vocabulary import Sex

from .model import Strict
from .selection import Outcome, SelectionProposal


class PlacementView(Strict):
    application_id: str
    sex: Sex
    outcome: Outcome
    rank: int
    reason: str
    waiting_position: int | None


class ProposalView(Strict):
    placements: list[PlacementView]
    target: int
    women_share_goal: float
    women_required: int
    women_selected: int
    goal_met: bool

    @classmethod
    def of(cls, proposal: SelectionProposal) -> "ProposalView":
        return cls(
            placements=[
                PlacementView.model_validate(placement, from_attributes=True)
                for placement in proposal.placements
            ],
            target=proposal.target,
            women_share_goal=proposal.women_share_goal,
            women_required=proposal.women_required,
            women_selected=proposal.women_selected,
            goal_met=proposal.goal_met,
        )


class SelectionConfirmation(Strict):
    offer_valid_days: int = Field(default=14, ge=1, le=90)


class OfferAnswer(Strict):
    accept: bool
