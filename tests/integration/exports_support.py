"""Shared by the export tests: the hand-made history applied to a database, and one export of
it rendered as the route renders it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from diaspora_shared.runtime.database import Database
from reporting.service_layer.exports.choice import ExportFormat
from reporting.service_layer.exports.rendering import Rendered, render
from reporting.service_layer.periods import Period
from reporting.service_layer.stakeholder_views import organisation, view_of
from reporting.settings import ReportingSettings

from .indicator_stream import apply_history, programme_history

GENERATED_AT = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


@asynccontextmanager
async def history_database(database_url: str) -> AsyncIterator[Database]:
    database = await apply_history(database_url, programme_history())
    try:
        yield database
    finally:
        await database.dispose()


async def exported(
    database: Database, export: ExportFormat, code: str, period: Period | None = None
) -> Rendered:
    view = view_of(organisation(code))
    async with database.session() as session:
        return await render(session, export, view, period, ReportingSettings(), GENERATED_AT)
