"""The professional's end report over HTTP: written by the professional, read by the mission's
parties."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.end_report import EndReportSpec, EndReportView
from ..service_layer import end_reports
from .dependencies import CallerDep, ClockDep, DeploymentUowDep

router = APIRouter(prefix="/deployment/missions/{mission_id}", tags=["deployment end reports"])
PROFESSIONAL = allow(Role.APPLICANT)
PARTIES = allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER, Role.APPLICANT)


@router.post(
    "/end-report",
    responses=problems(404, 409),
    dependencies=[Depends(PROFESSIONAL)],
    status_code=201,
    summary="Submit the end report of one's own mission, once, from its last day on",
)
async def submit_end_report(
    mission_id: UUID, spec: EndReportSpec, caller: CallerDep, uow: DeploymentUowDep, clock: ClockDep
) -> EndReportView:
    return await end_reports.submit(uow, caller, mission_id, spec, clock.now())


@router.get(
    "/end-report",
    responses=problems(404),
    dependencies=[Depends(PARTIES)],
    summary="Read a mission's end report (its host, its professional, or an officer)",
)
async def read_end_report(
    mission_id: UUID, caller: CallerDep, uow: DeploymentUowDep
) -> EndReportView:
    return await end_reports.read(uow, caller, mission_id)
