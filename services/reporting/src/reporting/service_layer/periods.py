"""Reporting periods as users write them: a year (`2026`), a quarter (`2026-Q2`), a month
(`2026-05`) or two ISO dates (`2026-01-15/2026-03-31`), both ends included."""

import re
from dataclasses import dataclass
from datetime import date, timedelta


class InvalidPeriod(ValueError):
    """The text is not a period this service understands."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str) -> Period:
    text = text.strip()
    try:
        return _parse(text)
    except ValueError as error:
        raise InvalidPeriod(
            f"period {text[:40]!r} is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD/YYYY-MM-DD"
        ) from error


def _parse(text: str) -> Period:
    if match := _YEAR.match(text):
        year = int(match[1])
        return _checked(date(year, 1, 1), date(year, 12, 31))
    if match := _QUARTER.match(text):
        year, first_month = int(match[1]), (int(match[2]) - 1) * 3 + 1
        return _checked(date(year, first_month, 1), _month_end(year, first_month + 2))
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        return _checked(date(year, month, 1), _month_end(year, month))
    start, separator, end = text.partition("/")
    if not separator:
        raise ValueError("no period form matched")
    return _checked(date.fromisoformat(start), date.fromisoformat(end))


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _checked(start: date, end: date) -> Period:
    if end < start:
        raise ValueError("the period ends before it starts")
    return Period(start, end)
