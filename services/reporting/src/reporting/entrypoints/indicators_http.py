"""The indicator reports: each caller's own view, scoped here from the verified role and
organisation, another organisation's view for IOM, and the declared indicator table."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.http_problems import problems
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.indicator_evaluator import IndicatorValue, evaluate
from ..service_layer.indicator_report import (
    DEFAULT_SMALL_CELL_THRESHOLD,
    IndicatorReport,
    indicator_report,
)
from ..service_layer.indicator_table import INDICATORS
from ..service_layer.periods import InvalidPeriod, Period, parse_period
from ..service_layer.report_cache import ReportCache
from ..service_layer.stakeholder_views import (
    UnknownOrganisation,
    View,
    ViewNotAllowed,
    own_view,
    view_for,
)
from ..settings import ReportingSettings
from .cached_reports import NOT_MODIFIED, cached_report

router = APIRouter(prefix="/reports/indicators", tags=["reports"])
INDICATOR_READERS = allow(
    Role.IOM_OFFICER, Role.MINISTRY_VIEWER, Role.HOST_INSTITUTION, Role.PILOT_PROJECT
)
ActorDep = Annotated[Actor, Depends(INDICATOR_READERS)]
PeriodText = Annotated[
    str | None,
    Query(
        max_length=40,
        description="YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD/YYYY-MM-DD; all time when absent.",
    ),
]


@router.get(
    "",
    summary="The caller's organisation's indicators, with what they include",
    response_model=IndicatorReport,
    responses=problems(404) | NOT_MODIFIED,
)
async def own_indicators(request: Request, actor: ActorDep, period: PeriodText = None) -> Response:
    return await _report(request, _checked(lambda: own_view(actor.role, actor.org)), period)


@router.get(
    "/organisations/{organisation}",
    summary="One organisation's indicators: IOM sees any organisation's view, others their own",
    response_model=IndicatorReport,
    responses=problems(404) | NOT_MODIFIED,
)
async def organisation_indicators(
    request: Request, actor: ActorDep, organisation: str, period: PeriodText = None
) -> Response:
    view = _checked(lambda: view_for(actor.role, actor.org, organisation))
    return await _report(request, view, period)


@router.get(
    "/table",
    dependencies=[Depends(INDICATOR_READERS)],
    summary="The declared indicator table: names, units, targets, tags, sources",
)
async def indicator_table() -> list[IndicatorValue]:
    declared = (evaluate(i, [], (), None, period_applied=False) for i in INDICATORS)
    return [value.model_copy(update={"value": None}) for value in declared]


async def _report(request: Request, view: View, period_text: str | None) -> Response:
    period = _period(period_text)
    runtime: ServiceRuntime = request.app.state.runtime
    settings = runtime.settings
    threshold = (
        settings.small_cell_threshold
        if isinstance(settings, ReportingSettings)
        else DEFAULT_SMALL_CELL_THRESHOLD
    )
    cache = getattr(request.app.state, "indicator_reports", None)
    if not isinstance(cache, ReportCache):
        cache = request.app.state.indicator_reports = ReportCache()

    async def compute(session: AsyncSession) -> IndicatorReport:
        return await indicator_report(session, view, period, threshold, cache)

    asked = ("indicators", _canonical(view), period, threshold)
    return await cached_report(request, asked, compute)


def _canonical(view: View) -> tuple[object, ...]:
    """The view in a form whose text is the same in every process (sets sorted), so replicas
    agree on ETags."""
    scope = tuple(sorted((name, tuple(sorted(codes))) for name, codes in view.scope.items()))
    shown = None if view.dimensions is None else tuple(sorted(view.dimensions))
    return (view.organisation, tuple(sorted(view.items)), scope, shown)


def _checked(choose: Callable[[], View]) -> View:
    try:
        return choose()
    except UnknownOrganisation as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except ViewNotAllowed as error:
        raise HTTPException(status_code=403, detail=str(error)) from error


def _period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        return parse_period(text)
    except InvalidPeriod as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
