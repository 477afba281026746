"""The clock deadlines and lateness are measured with; tests set the day."""

from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...


class SystemClock:
    def today(self) -> date:
        return datetime.now(UTC).date()


class FixedClock:
    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day
