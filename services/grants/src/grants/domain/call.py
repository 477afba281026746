"""A call for pilot projects and the programme envelope its awards draw on."""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from diaspora_shared.contracts.money import Money

from .errors import EnvelopeExceeded, InvalidInputError


class Sector(StrEnum):
    AGRICULTURE = "agriculture"
    ICT = "ict"
    MECHANICAL_ENGINEERING = "mechanical_engineering"
    ELECTRICAL_ENGINEERING = "electrical_engineering"
    ENERGY = "energy"


class RequiredField(StrEnum):
    SUMMARY = "summary"
    IPRC = "iprc"
    REQUESTED = "requested"


class EligibilityRules(BaseModel):
    """Calls opened before rules existed read with these lenient defaults."""

    linked_iprc_required: bool = False
    required_documents: tuple[str, ...] = ()
    required_fields: tuple[RequiredField, ...] = ()


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
    rules: EligibilityRules = Field(default_factory=EligibilityRules)

    def commit_award(self, amount: Money) -> None:
        """Awards draw on the envelope; their sum never exceeds it."""
        if amount.currency != self.envelope.currency:
            raise InvalidInputError(f"the award must be in {self.envelope.currency}")
        if self.ceiling < amount:
            raise InvalidInputError("the award is above the call's ceiling per project")
        if self.envelope < self.awarded + amount:
            raise EnvelopeExceeded("the award would exceed the programme envelope")
        self.awarded = self.awarded + amount
