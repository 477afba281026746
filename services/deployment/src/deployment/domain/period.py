"""A span of whole days, both ends included: missions, requests and availability windows."""

from dataclasses import dataclass
from datetime import date

from diaspora_shared.domain.errors import InvalidInputError


class ReversedPeriod(InvalidInputError):
    code = "period.reversed"


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ReversedPeriod(f"a period cannot end ({self.ends_on}) before it starts")

    def overlaps(self, other: "Period") -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on

    def within(self, outer: "Period") -> bool:
        return outer.starts_on <= self.starts_on and self.ends_on <= outer.ends_on

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def ending_on(self, ends_on: date) -> "Period":
        return Period(self.starts_on, ends_on)
