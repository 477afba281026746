"""One export: the chosen view's indicator report (and the grant transactions for IATI, each
hospital's report for DHIS2) rendered as a file with its media type and name."""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from ...settings import ReportingSettings
from ..indicator_report import IndicatorReport, indicator_report
from ..periods import Period
from ..stakeholder_views import View, organisation, view_of
from .choice import HEALTH_MINISTRY, ExportFormat
from .csv_export import csv_export
from .dhis2 import data_value_set, dhis2_period
from .dhis2_mapping import load_mapping
from .dhis2_small_cells import small_cells_of
from .grant_transactions import grant_transactions
from .iati import iati_activity_xml
from .xlsx_export import xlsx_export

MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.IATI: "application/xml",
    ExportFormat.DHIS2: "application/json",
}
EXTENSIONS = {
    ExportFormat.CSV: "csv",
    ExportFormat.XLSX: "xlsx",
    ExportFormat.IATI: "xml",
    ExportFormat.DHIS2: "json",
}


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    file_name: str


async def render(
    session: AsyncSession,
    export: ExportFormat,
    view: View,
    period: Period | None,
    settings: ReportingSettings,
    now: datetime,
) -> Rendered:
    if export == ExportFormat.DHIS2:
        body = await _dhis2(session, view, period, settings)
    else:
        report = await indicator_report(session, view, period, settings.small_cell_threshold)
        body = await _rendered(session, export, report, now)
    return Rendered(body, MEDIA_TYPES[export], file_name(export, view, period))


async def _rendered(
    session: AsyncSession, export: ExportFormat, report: IndicatorReport, now: datetime
) -> bytes:
    if export == ExportFormat.CSV:
        return csv_export(report).encode("utf-8")
    if export == ExportFormat.XLSX:
        return xlsx_export(report)
    return iati_activity_xml(report, await grant_transactions(session), now)


async def _dhis2(
    session: AsyncSession, view: View, period: Period | None, settings: ReportingSettings
) -> bytes:
    dhis2_text = dhis2_period(period)
    mapping = load_mapping(Path(settings.dhis2_mapping_file))
    threshold = settings.small_cell_threshold
    ministry = view.organisation == HEALTH_MINISTRY
    hospitals = sorted(mapping.org_units) if ministry else [view.organisation]
    small_cells = (
        small_cells_of(await indicator_report(session, view, period, threshold))
        if ministry
        else None
    )
    reports = {
        code: await indicator_report(session, view_of(organisation(code)), period, threshold)
        for code in hospitals
    }
    payload = data_value_set(mapping, dhis2_text, reports, small_cells)
    return json.dumps(payload, indent=2).encode("utf-8")


def file_name(export: ExportFormat, view: View, period: Period | None) -> str:
    span = period.label.replace("/", "_") if period is not None else "all-time"
    return f"{view.organisation}-indicators-{span}.{EXTENSIONS[export]}"
