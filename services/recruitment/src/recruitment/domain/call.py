"""A call for applications, as the application aggregate needs to see it."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from diaspora_shared.contracts.vocabulary import Track

from .errors import CallNotOpen, ConflictError, InvalidInputError, StateConflict
from .model import EligibilityRules, ReviewPolicy


class TargetReached(ConflictError):
    code = "call.target_reached"


@dataclass(frozen=True)
class Call:
    call_id: UUID
    track: Track
    target: int
    courses_or_specialties: tuple[str, ...]
    opens_on: date
    closes_on: date
    eligibility: EligibilityRules
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    selection_confirmed: bool = False
    women_share_goal: float = 0.0

    def ensure_open(self, today: date) -> None:
        if not self.opens_on <= today <= self.closes_on:
            raise CallNotOpen(
                f"the call accepts applications from {self.opens_on} to {self.closes_on}"
            )

    def ensure_offers(self, requested: list[str]) -> None:
        unknown = sorted(set(requested) - set(self.courses_or_specialties))
        if unknown:
            raise InvalidInputError(f"not offered by this call: {', '.join(unknown)}")

    def ensure_direct_acceptance(self, accepted_so_far: int) -> None:
        """Officers accept directly only before a selection, and never beyond the target."""
        if self.selection_confirmed:
            raise StateConflict("this call's places go through its confirmed selection and offers")
        if accepted_so_far >= self.target:
            raise TargetReached(f"the call's target of {self.target} is already reached")
