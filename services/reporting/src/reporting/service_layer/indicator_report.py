"""An organisation's indicators: the declared table evaluated on its view of the read models,
for a period, with what the figures include ("as of"). Reports and exports both call
`indicator_report`, so a CSV, a spreadsheet or an IATI file says what the screen says."""

from pydantic import BaseModel, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from .as_of import AsOf, as_of
from .indicator_evaluator import IndicatorValue, evaluate
from .indicator_sources import UNDATED_SOURCES, Record, load_sources
from .indicator_table import INDICATORS
from .periods import Period
from .stakeholder_views import View, organisation, view_of

DEFAULT_SMALL_CELL_THRESHOLD = 5


class IndicatorReport(BaseModel):
    organisation: str
    period: str | None = Field(description="start/end, both included; null for all time.")
    small_cell_threshold: int | None = Field(
        description="Counts below it in a disaggregation by country, institution or district "
        'are shown as "<N"; null when this view shows them all.'
    )
    as_of: AsOf
    indicators: list[IndicatorValue]


async def indicator_report(
    session: AsyncSession,
    view: View,
    period: Period | None = None,
    small_cell_threshold: int = DEFAULT_SMALL_CELL_THRESHOLD,
) -> IndicatorReport:
    included = await as_of(session)
    sources = await load_sources(session)
    threshold = small_cell_threshold if view.suppress_small_cells else None
    values = [
        evaluate(
            indicator,
            _in_view(sources[indicator.source], view, period, indicator.source),
            view.dimensions,
            threshold,
            period_applied=period is not None and indicator.source not in UNDATED_SOURCES,
        )
        for indicator in INDICATORS
        if indicator.domain_item in view.items
    ]
    return IndicatorReport(
        organisation=view.organisation,
        period=period.label if period else None,
        small_cell_threshold=threshold,
        as_of=included,
        indicators=values,
    )


async def organisation_indicators(
    session: AsyncSession,
    organisation_code: str,
    period: Period | None = None,
    small_cell_threshold: int = DEFAULT_SMALL_CELL_THRESHOLD,
) -> IndicatorReport:
    """For exports: the indicators of the organisation's own view (raises
    `UnknownOrganisation` for a code that names none)."""
    view = view_of(organisation(organisation_code))
    return await indicator_report(session, view, period, small_cell_threshold)


def _in_view(records: list[Record], view: View, period: Period | None, source: str) -> list[Record]:
    kept = [record for record in records if view.keeps(record)]
    if period is None or source in UNDATED_SOURCES:
        return kept
    return [r for r in kept if r.get("date") is not None and period.holds(r["date"])]
