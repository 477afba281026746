"""The one evaluator of every declared indicator: filter the source's records, aggregate them
as declared, overall and per value of each disaggregation, and hide small cells where the
view asks for it. Totals are never hidden."""

from collections.abc import Collection, Sequence

from pydantic import BaseModel, Field

from .indicator_model import MONEY_UNITS, Indicator, Measure
from .indicator_sources import SOURCE_PROJECTIONS, Record

Value = int | float | str | None
SMALL_CELL_DIMENSIONS = frozenset({"country", "institution", "district"})
UNKNOWN = "unknown"


class IndicatorValue(BaseModel):
    id: str
    domain_item: int = Field(description="Number in the programme's list of indicators.")
    name: dict[str, str] = Field(description="Name in en, fr and rw.")
    unit: str
    target: float | None
    targets_by: dict[str, dict[str, float]]
    baseline: float | None
    sdg_targets: list[str]
    sdg_indicators: list[str] = Field(description="SDG indicators it is a proxy for.")
    gcm_objectives: list[int]
    dac_sector: int | None
    events: list[str] = Field(description="Event types the figures come from.")
    projections: list[str] = Field(description="Read models the figures are computed from.")
    computable: bool
    not_computable: str | None = Field(description="Why there is no figure yet, if so.")
    period_applied: bool = Field(description="False when the source keeps no dates.")
    value: Value = Field(description="The total, never suppressed.")
    by: dict[str, dict[str, Value]] = Field(
        description='Per disaggregation, the value per group; "<N" marks a small cell.'
    )


def evaluate(
    indicator: Indicator,
    records: Sequence[Record],
    dimensions: Collection[str] | None,
    small_cell_threshold: int | None,
    period_applied: bool,
) -> IndicatorValue:
    """`dimensions` None shows every declared disaggregation; a threshold hides small cells."""
    shown = [d for d in indicator.disaggregations if dimensions is None or d in dimensions]
    computable = indicator.measure is not None
    by = {dim: _by(indicator, records, dim, small_cell_threshold) for dim in shown}
    return IndicatorValue(
        id=indicator.id,
        domain_item=indicator.domain_item,
        name={"en": indicator.names.en, "fr": indicator.names.fr, "rw": indicator.names.rw},
        unit=indicator.unit,
        target=indicator.target,
        targets_by={dim: dict(t) for dim, t in indicator.targets_by.items() if dim in shown},
        baseline=indicator.baseline,
        sdg_targets=list(indicator.tags.sdg),
        sdg_indicators=list(indicator.tags.sdg_indicators),
        gcm_objectives=list(indicator.tags.gcm),
        dac_sector=indicator.tags.dac,
        events=list(indicator.events),
        projections=list(SOURCE_PROJECTIONS[indicator.source]),
        computable=computable,
        not_computable=indicator.not_computable,
        period_applied=period_applied,
        value=_value(indicator, records) if computable else None,
        by=by if computable else {},
    )


def _by(
    indicator: Indicator, records: Sequence[Record], dim: str, threshold: int | None
) -> dict[str, Value]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        value = record.get(dim)
        groups.setdefault(UNKNOWN if value is None else str(value), []).append(record)
    cells: dict[str, Value] = {}
    for group in sorted(groups):
        value = _value(indicator, groups[group])
        small = threshold is not None and dim in SMALL_CELL_DIMENSIONS
        hidden = small and _is_small(indicator, groups[group], value, threshold or 0)
        cells[group] = f"<{threshold}" if hidden else value
    return cells


def _is_small(indicator: Indicator, records: Sequence[Record], value: Value, limit: int) -> bool:
    basis = indicator.suppression_basis
    if basis == "never":
        return False
    if basis == "value":
        return isinstance(value, int | float) and 0 < value < limit
    base = indicator.per or indicator.measure
    behind = len(_matching(records, base)) if base is not None else 0
    return 0 < behind < limit


def _value(indicator: Indicator, records: Sequence[Record]) -> Value:
    assert indicator.measure is not None
    if indicator.unit in MONEY_UNITS and len({r.get("currency") for r in records}) > 1:
        return None  # amounts in different currencies never add up: see the currency cells
    amount = aggregate(indicator.measure, records)
    if indicator.per is None:
        return amount
    base = aggregate(indicator.per, records)
    return round(amount * indicator.scale / base, 2) if base else None


def aggregate(measure: Measure, records: Sequence[Record]) -> int | float:
    matching = _matching(records, measure)
    if measure.aggregation == "count":
        return len(matching)
    values = [record.get(measure.field or "") for record in matching]
    if measure.aggregation == "distinct":
        return len({value for value in values if value is not None})
    total: int | float = sum(value for value in values if value is not None)
    return round(total, 2) if isinstance(total, float) else total


def _matching(records: Sequence[Record], measure: Measure) -> list[Record]:
    return [r for r in records if all(r.get(f) in ok for f, ok in measure.where.items())]
