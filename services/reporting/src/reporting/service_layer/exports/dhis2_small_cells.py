"""Small cells in the ministry's DHIS2 export: DHIS2 takes no "<5", so a value the ministry's
own screen would hide is left out. A hospital's figure is hidden where the ministry's view
hides that hospital's cell; a count below the threshold within a hospital is hidden too. A
hospital's own export shows it everything, as its screen does."""

from dataclasses import dataclass

from ..indicator_evaluator import Value
from ..indicator_report import IndicatorReport
from ..indicator_table import INDICATORS

COUNTED_ON_VALUE = frozenset(i.id for i in INDICATORS if i.suppression_basis == "value")


@dataclass(frozen=True)
class SmallCells:
    threshold: int
    hidden: frozenset[tuple[str, str]]
    """(hospital, indicator) cells the ministry's view shows as "<N"."""

    def withholds(self, hospital: str, indicator: str, value: Value, disaggregated: bool) -> bool:
        if (hospital, indicator) in self.hidden:
            return True
        small = isinstance(value, int | float) and 0 < value < self.threshold
        return disaggregated and indicator in COUNTED_ON_VALUE and small


def small_cells_of(ministry: IndicatorReport) -> SmallCells | None:
    """None when the ministry's view shows every cell."""
    if ministry.small_cell_threshold is None:
        return None
    hidden = frozenset(
        (hospital, value.id)
        for value in ministry.indicators
        for hospital, cell in value.by.get("institution", {}).items()
        if isinstance(cell, str)
    )
    return SmallCells(ministry.small_cell_threshold, hidden)
