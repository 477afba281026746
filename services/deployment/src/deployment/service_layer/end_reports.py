"""Use cases of the professional's end report. No event is published: the report is free text,
which never goes on a topic, and no indicator of reporting counts end reports; the mission's
completion (with its session totals) is what reporting reads."""

from datetime import datetime
from uuid import UUID

from ..domain.end_report import (
    EndReport,
    EndReportNotFound,
    EndReportSpec,
    EndReportView,
    ensure_reportable,
)
from ..domain.errors import MissionNotFound
from .access import Caller, ensure_mission_visible, is_professional_of
from .unit_of_work import DeploymentUnitOfWork


async def submit(
    uow: DeploymentUnitOfWork, caller: Caller, mission_id: UUID, spec: EndReportSpec, at: datetime
) -> EndReportView:
    """Only the mission's own professional; the mission's row lock queues a concurrent second."""
    mission = await uow.missions.get(mission_id, for_update=True)
    if not is_professional_of(caller, mission):
        raise MissionNotFound(f"mission {mission_id} not found")
    ensure_reportable(mission, await uow.end_reports.get(mission_id), at)
    report = EndReport(mission_id=mission_id, submitted_at=at, **spec.model_dump())
    uow.end_reports.add(report)
    await uow.commit()
    return report.view()


async def read(uow: DeploymentUnitOfWork, caller: Caller, mission_id: UUID) -> EndReportView:
    mission = await uow.missions.get(mission_id)
    ensure_mission_visible(caller, mission)
    report = await uow.end_reports.get(mission_id)
    if report is None:
        raise EndReportNotFound(f"mission {mission_id} has no end report yet")
    return report.view()
