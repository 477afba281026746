"""The report as one long table, the shape CSV and spreadsheets share: one row per indicator
total and per group of each disaggregation, and the "as of" line every export carries."""

from dataclasses import dataclass

from ..indicator_evaluator import IndicatorValue, Value
from ..indicator_report import IndicatorReport

TOTAL = "total"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("indicator", "name", "unit", "disaggregation", "group", "value")


@dataclass(frozen=True)
class Row:
    indicator: str
    name: str
    unit: str
    disaggregation: str
    group: str
    value: Value

    def cells(self) -> tuple[Value, ...]:
        """Text that a spreadsheet would run as a formula (a course named "=...") is quoted."""
        texts = (self.indicator, self.name, self.unit, self.disaggregation, self.group)
        return (*(inert(text) for text in texts), inert(self.value))


def inert(value: Value) -> Value:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(report: IndicatorReport) -> list[Row]:
    return [row for value in report.indicators for row in _rows_of(value)]


def rows_by_disaggregation(report: IndicatorReport) -> dict[str, list[Row]]:
    """Per disaggregation, in the order they first appear; totals under `total`."""
    grouped: dict[str, list[Row]] = {}
    for row in rows(report):
        grouped.setdefault(row.disaggregation, []).append(row)
    return grouped


def _rows_of(value: IndicatorValue) -> list[Row]:
    def row(disaggregation: str, group: str, figure: Value) -> Row:
        return Row(value.id, value.name["en"], value.unit, disaggregation, group, figure)

    totals = [row(TOTAL, TOTAL, value.value)]
    groups = [
        row(dim, group, cell) for dim, cells in value.by.items() for group, cell in cells.items()
    ]
    return totals + groups


def as_of_line(report: IndicatorReport) -> str:
    """Who, which period, and what the figures include, in one line a reader can compare."""
    newest = report.as_of.newest_event_at
    positions = "; ".join(
        f"{p.projection} {p.topic}[{p.partition}]@{p.last_offset}" for p in report.as_of.partitions
    )
    return (
        f"organisation {report.organisation}; period {report.period or 'all time'}; "
        f"as of {newest.isoformat() if newest else 'no events'}; offsets {positions or 'none'}"
    )
