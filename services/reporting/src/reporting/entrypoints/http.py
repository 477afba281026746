"""Reporting's HTTP API, reached through the gateway only."""

from fastapi import APIRouter, Depends, Request

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.deployment_queries import DeploymentReport, deployment_report
from ..service_layer.funnel_queries import RecruitmentFunnelReport, recruitment_funnel
from ..service_layer.grant_progress import grant_progress
from ..service_layer.grant_report import GrantProgressReport
from ..service_layer.queries import AcceptedProfessionalsReport, accepted_professionals

router = APIRouter(prefix="/reports", tags=["reports"])
REPORT_READERS = allow(Role.IOM_OFFICER, Role.MINISTRY_VIEWER)


@router.get(
    "/accepted-professionals",
    dependencies=[Depends(REPORT_READERS)],
    summary="Accepted professionals by track and sex vs target",
)
async def accepted_professionals_report(request: Request) -> AcceptedProfessionalsReport:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.read_session() as session:
        return await accepted_professionals(session)


@router.get(
    "/recruitment-funnel",
    dependencies=[Depends(REPORT_READERS)],
    summary="Recruitment funnel stages by track, overall, by sex and by country of residence",
)
async def recruitment_funnel_report(request: Request) -> RecruitmentFunnelReport:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.read_session() as session:
        return await recruitment_funnel(session)


@router.get(
    "/deployment",
    dependencies=[Depends(REPORT_READERS)],
    summary="Per IPRC and hospital: missions, training, health services, staff trained",
)
async def deployment_report_route(request: Request) -> DeploymentReport:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.read_session() as session:
        return await deployment_report(session)


@router.get(
    "/grant-progress",
    dependencies=[Depends(REPORT_READERS)],
    summary="Grants per pilot project and in total: committed vs disbursed, tranches on time, "
    "mentoring hours, jobs verified at 6 and 12 months",
)
async def grant_progress_report(request: Request) -> GrantProgressReport:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.read_session() as session:
        return await grant_progress(session)
