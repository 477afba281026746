"""The shape of a declared indicator, and the check every declaration passes at start.

An indicator is data: which source it reads (a flat view of one read model, see
`indicator_sources.py`), which records count (`where`), how they aggregate (`count`, `distinct`
values of a field, `sum` of a field), optionally over a second measure of the same source (a
share or a mean), and by which fields it may be disaggregated. One generic evaluator computes
them all (`indicator_evaluator.py`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as declared
from typing import Any, Literal

Aggregation = Literal["count", "distinct", "sum"]
DEPLOYED_STATES = ("started", "extended", "completed")


@dataclass(frozen=True)
class Names:
    en: str
    fr: str
    rw: str


@dataclass(frozen=True)
class Measure:
    aggregation: Aggregation
    field: str | None = None
    where: Mapping[str, tuple[Any, ...]] = declared(default_factory=dict)
    """Field to accepted values: a record counts when each named field holds one of them."""


@dataclass(frozen=True)
class Tags:
    sdg: tuple[str, ...] = ()
    """SDG targets, e.g. "4.c"; their goals follow from them."""
    sdg_indicators: tuple[str, ...] = ()
    """SDG indicators the figure is a proxy for or contributes to, e.g. "4.c.1"."""
    gcm: tuple[int, ...] = ()
    dac: int | None = None
    """OECD DAC 5-digit purpose code."""


@dataclass(frozen=True)
class Indicator:
    id: str
    domain_item: int
    """Its number in the programme's list of indicators (1 to 9)."""
    names: Names
    unit: str
    source: str
    events: tuple[str, ...]
    """The event types (CloudEvents `type`) the figures come from."""
    tags: Tags
    measure: Measure | None
    """None while the events do not carry what it needs: see `not_computable`."""
    per: Measure | None = None
    """Divide by this measure (a share or a mean); `scale` 100 makes it a percentage."""
    scale: int = 1
    disaggregations: tuple[str, ...] = ()
    target: float | None = None
    targets_by: Mapping[str, Mapping[str, float]] = declared(default_factory=dict)
    baseline: float | None = 0
    not_computable: str | None = None

    @property
    def suppression_basis(self) -> Literal["value", "base", "never"]:
        """What a small cell is judged on: the count itself, the number of records behind a
        share, mean or length of time, or nothing (amounts of money identify no one)."""
        if self.unit in MONEY_UNITS:
            return "never"
        return "value" if self.per is None and self.unit not in DURATION_UNITS else "base"


MONEY_UNITS = frozenset({"minor units of the grant's currency"})
DURATION_UNITS = frozenset({"days", "hours"})


class InvalidIndicatorTable(ValueError):
    """The declared table names a source, field or event that does not exist."""


def validate(
    indicators: tuple[Indicator, ...], fields_of: Mapping[str, frozenset[str]], events: set[str]
) -> None:
    """Refuse a table whose indicators could not be computed as declared."""
    ids = [indicator.id for indicator in indicators]
    if len(ids) != len(set(ids)):
        raise InvalidIndicatorTable("indicator ids must be unique")
    for indicator in indicators:
        problems = _problems(indicator, fields_of, events)
        if problems:
            raise InvalidIndicatorTable(f"{indicator.id}: {'; '.join(problems)}")


def _problems(
    indicator: Indicator, fields_of: Mapping[str, frozenset[str]], events: set[str]
) -> list[str]:
    if indicator.source not in fields_of:
        return [f"unknown source {indicator.source!r}"]
    known = fields_of[indicator.source]
    used = set(indicator.disaggregations) | set(indicator.targets_by)
    for measure in (indicator.measure, indicator.per):
        if measure is not None:
            used |= set(measure.where) | ({measure.field} if measure.field else set())
    problems = [f"unknown field {name!r}" for name in sorted(used - known)]
    problems += [f"unknown event {name!r}" for name in indicator.events if name not in events]
    if (indicator.measure is None) != (indicator.not_computable is not None):
        problems.append("say why exactly when there is no measure")
    if not all((indicator.names.en, indicator.names.fr, indicator.names.rw)):
        problems.append("a name in en, fr and rw")
    return problems
