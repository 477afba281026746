"""Money as auditors count it: an integer number of minor units and an ISO 4217 currency.

Never a float: 0.1 + 0.2 is not 0.3 in binary floating point, and a grant paid one franc
beyond its award is a finding. Amounts of different currencies never mix silently.
"""

from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

# An upper bound well above any programme envelope, so sums stay exact in a BIGINT column.
MAX_MINOR_UNITS = 10**15


class Currency(StrEnum):
    """The ISO 4217 currencies the programmes budget and pay in."""

    RWF = "RWF"
    USD = "USD"
    EUR = "EUR"
    CHF = "CHF"
    GBP = "GBP"


class MoneyError(ValueError):
    """Amounts in different currencies were combined or compared."""


class Money(BaseModel):
    """A non-negative amount; `minor_units` are cents (francs for RWF, which has none)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minor_units: int = Field(ge=0, le=MAX_MINOR_UNITS, strict=True)
    currency: Currency

    @classmethod
    def zero(cls, currency: Currency) -> Self:
        return cls(minor_units=0, currency=currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(minor_units=self.minor_units + other.minor_units, currency=self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(minor_units=self.minor_units - other.minor_units, currency=self.currency)

    def __le__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.minor_units <= other.minor_units

    def __lt__(self, other: "Money") -> bool:
        self._same_currency(other)
        return self.minor_units < other.minor_units

    def is_positive(self) -> bool:
        return self.minor_units > 0


class PositiveMoney(Money):
    """An amount that must be paid or budgeted: zero is refused at the boundary."""

    minor_units: int = Field(gt=0, le=MAX_MINOR_UNITS, strict=True)


def total(amounts: "list[Money]", currency: Currency) -> Money:
    """The exact sum of `amounts`, all in `currency` (zero when empty)."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
