"""DHIS2 `dataValueSets` JSON of MoH's health indicators, as DHIS2's import API takes it: one
data value per hospital (org unit), data element and category option combo, for one period in
DHIS2's own period format. Each value's comment says what the figures include."""

from collections.abc import Mapping
from typing import Any

from ..indicator_evaluator import Value
from ..indicator_report import IndicatorReport
from ..periods import Period, parse_period
from .dhis2_mapping import DataElementMapping, Dhis2Mapping
from .dhis2_small_cells import SmallCells

DEFAULT_COMBO = "default"


class NotADhis2Period(ValueError):
    """DHIS2 takes a day, a month, a quarter or a year, not any range."""

    code = "export.period_not_in_dhis2"


def dhis2_period(period: Period | None) -> str:
    """`2026`, `2026Q2`, `202605` or `20260515`."""
    if period is None:
        raise NotADhis2Period("the DHIS2 export needs a period: a day, month, quarter or year")
    start = period.start
    if start == period.end:
        return start.strftime("%Y%m%d")
    quarter = (start.month - 1) // 3 + 1
    forms = {
        f"{start.year}": f"{start.year}",
        f"{start.year}-Q{quarter}": f"{start.year}Q{quarter}",
        f"{start:%Y-%m}": f"{start:%Y%m}",
    }
    for ours, theirs in forms.items():
        if parse_period(ours) == period:
            return theirs
    raise NotADhis2Period(f"DHIS2 takes a day, month, quarter or year, not {period.label}")


def data_value_set(
    mapping: Dhis2Mapping,
    period: str,
    reports: Mapping[str, IndicatorReport],
    small_cells: SmallCells | None = None,
) -> dict[str, Any]:
    """`reports` holds each hospital's own view, by hospital code; values `small_cells`
    withholds are left out."""
    values = [
        value
        for hospital, report in sorted(reports.items())
        if hospital in mapping.org_units
        for element in mapping.data_elements
        for value in _values(mapping, element, period, hospital, report, small_cells)
    ]
    payload: dict[str, Any] = {"period": period, "dataValues": values}
    if mapping.data_set is not None:
        payload = {"dataSet": mapping.data_set} | payload
    return payload


def _values(
    mapping: Dhis2Mapping,
    element: DataElementMapping,
    period: str,
    hospital: str,
    report: IndicatorReport,
    small_cells: SmallCells | None,
) -> list[dict[str, str]]:
    figures = {value.id: value for value in report.indicators}
    indicator = figures.get(element.indicator)
    if indicator is None:
        return []
    cells: dict[str, Value] = (
        {DEFAULT_COMBO: indicator.value}
        if element.disaggregation is None
        else indicator.by.get(element.disaggregation, {})
    )
    base = {
        "dataElement": element.data_element,
        "period": period,
        "orgUnit": mapping.org_units[hospital],
    }
    if mapping.attribute_option_combo is not None:
        base["attributeOptionCombo"] = mapping.attribute_option_combo
    comment = _as_of(report)
    return [
        base | {"categoryOptionCombo": combo, "value": _number(cells[group]), "comment": comment}
        for group, combo in element.category_option_combos.items()
        if isinstance(cells.get(group), int | float)
        and not _withheld(small_cells, hospital, element, cells[group])
    ]


def _withheld(
    small_cells: SmallCells | None, hospital: str, element: DataElementMapping, value: Value
) -> bool:
    if small_cells is None:
        return False
    disaggregated = element.disaggregation is not None
    return small_cells.withholds(hospital, element.indicator, value, disaggregated)


def _number(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_of(report: IndicatorReport) -> str:
    newest = report.as_of.newest_event_at
    return f"as of {newest.isoformat() if newest else 'no events'}"
