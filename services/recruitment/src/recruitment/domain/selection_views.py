"""What officers see of a selection proposal, and what they send to confirm one."""

from typing import Self

from pydantic import Field, model_validator

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


DEFAULT_OFFER_VALID_HOURS = 14 * 24


class SelectionConfirmation(Strict):
    """How long offers stay open: `offer_valid_hours`, or the older `offer_valid_days`."""

    offer_valid_hours: int | None = Field(
        default=None,
        ge=1,
        le=90 * 24,
        description="Hours each offer stays open (14 days if unset).",
    )
    offer_valid_days: int | None = Field(
        default=None, ge=1, le=90, description="Deprecated: days; use offer_valid_hours."
    )

    @model_validator(mode="after")
    def _one_unit(self) -> Self:
        if self.offer_valid_hours is not None and self.offer_valid_days is not None:
            raise ValueError("give offer_valid_hours or offer_valid_days, not both")
        return self

    @property
    def valid_hours(self) -> int:
        if self.offer_valid_days is not None:
            return self.offer_valid_days * 24
        return self.offer_valid_hours or DEFAULT_OFFER_VALID_HOURS


class OfferAnswer(Strict):
    accept: bool
