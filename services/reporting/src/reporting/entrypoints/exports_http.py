"""Exports of the indicator reports, scoped like `/reports/indicators`: the caller's own
organisation, or (`?organisation=`) another one where the role may read it."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.http_problems import problems
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.exports.choice import ExportFormat, export_view
from ..service_layer.exports.rendering import Rendered, render
from ..service_layer.periods import parse_period
from ..settings import ReportingSettings
from .indicators_http import INDICATOR_READERS, PeriodText

router = APIRouter(prefix="/reports/exports", tags=["reports"])
ActorDep = Annotated[Actor, Depends(INDICATOR_READERS)]
OrganisationCode = Annotated[
    str | None,
    Query(
        max_length=40,
        description="The organisation whose view is exported; the caller's own when absent "
        "(IOM: IOM-BE for IATI, MOH for DHIS2).",
    ),
]
FILE = {"schema": {"type": "string", "format": "binary"}}
MEDIA_TYPES = (
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/xml",
    "application/json",
)
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export file, with its name in Content-Disposition.",
        "content": {media_type: FILE for media_type in MEDIA_TYPES},
    },
    **problems(404),
}


@router.get(
    "/{export_format}",
    summary="An organisation's indicators as CSV, XLSX, IATI 2.03 XML or DHIS2 dataValueSets",
    response_class=Response,
    responses=DOWNLOADS,
)
async def export(
    request: Request,
    actor: ActorDep,
    export_format: ExportFormat,
    organisation: OrganisationCode = None,
    period: PeriodText = None,
) -> Response:
    view = export_view(export_format, actor.role, actor.org, organisation)
    chosen = parse_period(period) if period is not None else None
    runtime: ServiceRuntime = request.app.state.runtime
    settings = runtime.settings
    assert isinstance(settings, ReportingSettings)  # the reporting process's own runtime
    async with runtime.database.read_session() as session:
        rendered = await render(session, export_format, view, chosen, settings, datetime.now(UTC))
    return _download(rendered)


def _download(rendered: Rendered) -> Response:
    disposition = f'attachment; filename="{rendered.file_name}"'
    return Response(
        rendered.body,
        media_type=rendered.media_type,
        headers={"Content-Disposition": disposition},
    )
