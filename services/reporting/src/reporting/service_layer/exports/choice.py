"""Which organisation's export a caller gets, per format: CSV and XLSX of any view the caller
may read (as on screen), IATI only of IOM Belgium's donor view, DHIS2 only of MoH's or one
hospital's health figures."""

from enum import StrEnum

from diaspora_shared.contracts.reference import HOSPITALS
from diaspora_shared.contracts.vocabulary import Role

from ..stakeholder_views import View, own_view, view_for

DONOR, HEALTH_MINISTRY = "IOM-BE", "MOH"
HOSPITAL_CODES = frozenset(hospital.code for hospital in HOSPITALS)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    IATI = "iati"
    DHIS2 = "dhis2"


OFFERED_TO: dict[ExportFormat, frozenset[str] | None] = {
    ExportFormat.CSV: None,
    ExportFormat.XLSX: None,
    ExportFormat.IATI: frozenset({DONOR}),
    ExportFormat.DHIS2: frozenset({HEALTH_MINISTRY}) | HOSPITAL_CODES,
}
"""Organisations each format is made for; None: every organisation."""
DEFAULT_FOR_IOM = {ExportFormat.IATI: DONOR, ExportFormat.DHIS2: HEALTH_MINISTRY}


class ExportNotOffered(LookupError):
    code = "export.not_offered"


def export_view(export: ExportFormat, role: Role, org: str | None, asked: str | None) -> View:
    """Raises `UnknownOrganisation`, `ViewNotAllowed` or `ExportNotOffered`."""
    if asked is None and role == Role.IOM_OFFICER:
        asked = DEFAULT_FOR_IOM.get(export)
    view = own_view(role, org) if asked is None else view_for(role, org, asked)
    offered = OFFERED_TO[export]
    if offered is not None and view.organisation not in offered:
        raise ExportNotOffered(
            f"the {export.value} export is made for {', '.join(sorted(offered))} only"
        )
    return view
