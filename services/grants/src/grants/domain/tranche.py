"""A tranche of a grant: conditions met with evidence, four-eyes release, one payment."""

from datetime import date

from pydantic import BaseModel

from diaspora_shared.contracts.money import Money

from .errors import (
    AlreadyDisbursed,
    ConflictError,
    FourEyesViolated,
    InvalidInputError,
    NotApproved,
)


class Tranche(BaseModel):
    number: int
    amount: Money
    due_on: date
    conditions: dict[str, str | None]
    """Condition to the evidence it was marked met with (None while unmet)."""
    requested_by: str | None = None
    approved_by: str | None = None
    payment_reference: str | None = None
    disbursed_on: date | None = None

    def meet(self, condition: str, evidence: str) -> None:
        if condition not in self.conditions:
            raise InvalidInputError(f"tranche {self.number} has no condition {condition!r}")
        if self.conditions[condition] is not None:
            raise ConflictError(f"{condition!r} is already met", code="tranche.already_met")
        self.conditions[condition] = evidence

    def request_release(self, officer: str) -> None:
        unmet = sorted(name for name, evidence in self.conditions.items() if evidence is None)
        if unmet:
            raise ConflictError(
                f"conditions not met: {', '.join(unmet)}", code="tranche.conditions_unmet"
            )
        if self.requested_by is not None:
            raise ConflictError("release already requested", code="tranche.already_requested")
        self.requested_by = officer

    def approve(self, officer: str) -> None:
        if self.requested_by is None:
            raise ConflictError("no release was requested", code="tranche.not_requested")
        if officer == self.requested_by:
            raise FourEyesViolated("the officer who requested a release cannot approve it")
        if self.approved_by is not None:
            raise ConflictError("release already approved", code="tranche.already_approved")
        self.approved_by = officer

    def disburse(self, payment_reference: str, on: date) -> bool:
        """Record the payment; False when this exact payment was already recorded (a repeat)."""
        if self.approved_by is None:
            raise NotApproved("a tranche is paid only after its release is approved")
        if self.payment_reference is not None:
            if self.payment_reference == payment_reference:
                return False
            raise AlreadyDisbursed(f"tranche {self.number} is already paid")
        self.payment_reference, self.disbursed_on = payment_reference, on
        return True

    @property
    def disbursed(self) -> bool:
        return self.disbursed_on is not None

    def is_late(self, today: date) -> bool:
        paid_or_today = self.disbursed_on or today
        return paid_or_today > self.due_on
