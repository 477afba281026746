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
from .report_cache import ReportCache, fingerprint
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
    cache: ReportCache | None = None,
) -> IndicatorReport:
    """With a cache, a report whose read models did not move since it was computed is served
    as it was."""
    await _one_snapshot(session)
    included = await as_of(session)
    threshold = small_cell_threshold if view.suppress_small_cells else None
    key = (view.organisation, period, threshold, fingerprint(included))
    cached = cache.get(key) if cache is not None else None
    if isinstance(cached, IndicatorReport):
        return cached
    report = await _computed(session, view, period, threshold, included)
    if cache is not None:
        cache.put(key, report)
    return report


async def _one_snapshot(session: AsyncSession) -> None:
    # The positions and the rows must come from one snapshot, or "as of" could understate what
    # the figures include: one repeatable-read transaction gives both, when the session has
    # the first statement of a transaction fixes the level on PostgreSQL.
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql" and not session.in_transaction():
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


async def _computed(
    session: AsyncSession,
    view: View,
    period: Period | None,
    threshold: int | None,
    included: AsOf,
) -> IndicatorReport:
    sources = await load_sources(session)
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
