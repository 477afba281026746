"""A call for pilot projects and the programme envelope its awards draw on."""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel

from diaspora_shared.contracts.money import Money

from .errors import ConflictError, EnvelopeExceeded, InvalidInputError


class Sector(StrEnum):
    AGRICULTURE = "agriculture"
    ICT = "ict"
    MECHANICAL_ENGINEERING = "mechanical_engineering"
    ELECTRICAL_ENGINEERING = "electrical_engineering"
    ENERGY = "energy"


class GrantCall(BaseModel):
    call_id: UUID
    title: str
    iprc: str
    sectors: tuple[Sector, ...]
    ceiling: Money
    envelope: Money
    opens_on: date
    closes_on: date
    criteria: dict[str, Decimal]
    """Criterion name to its weight; review scores are weighted exactly."""
    awarded: Money

    def ensure_accepts(self, sector: Sector, requested: Money, today: date) -> None:
        if not self.opens_on <= today <= self.closes_on:
            raise ConflictError(
                f"the call accepts applications from {self.opens_on} to {self.closes_on}",
                code="call.not_open",
            )
        if sector not in self.sectors:
            raise InvalidInputError(f"the call is not open to the sector {sector}")
        if requested.currency != self.ceiling.currency:
            raise InvalidInputError(f"budget lines must be in {self.ceiling.currency}")
        if self.ceiling < requested:
            raise InvalidInputError("the budget is above the call's ceiling per project")

    def commit_award(self, amount: Money) -> None:
        """Awards draw on the envelope; their sum never exceeds it."""
        if amount.currency != self.envelope.currency:
            raise InvalidInputError(f"the award must be in {self.envelope.currency}")
        if self.ceiling < amount:
            raise InvalidInputError("the award is above the call's ceiling per project")
        if self.envelope < self.awarded + amount:
            raise EnvelopeExceeded("the award would exceed the programme envelope")
        self.awarded = self.awarded + amount
