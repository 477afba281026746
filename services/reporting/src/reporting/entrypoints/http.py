"""Reporting's HTTP API, reached through the gateway only."""

from fastapi import APIRouter, Depends, Request, Response

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow

from ..service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from ..service_layer.deployment_missions import DEPLOYMENT
from ..service_layer.deployment_queries import DeploymentReport, deployment_report
from ..service_layer.funnel import RECRUITMENT_FUNNEL
from ..service_layer.funnel_queries import RecruitmentFunnelReport, recruitment_funnel
from ..service_layer.grant_progress import GRANT_PROGRESS, grant_progress
from ..service_layer.grant_report import GrantProgressReport
from ..service_layer.queries import AcceptedProfessionalsReport, accepted_professionals
from .cached_reports import NOT_MODIFIED, cached_report

router = APIRouter(prefix="/reports", tags=["reports"])
REPORT_READERS = allow(Role.IOM_OFFICER, Role.MINISTRY_VIEWER)


@router.get(
    "/accepted-professionals",
    response_model=AcceptedProfessionalsReport,
    dependencies=[Depends(REPORT_READERS)],
    responses=NOT_MODIFIED,
    summary="Accepted professionals by track and sex vs target",
)
async def accepted_professionals_report(request: Request) -> Response:
    return await cached_report(
        request, "accepted_professionals", accepted_professionals, [ACCEPTED_PROFESSIONALS.name]
    )


@router.get(
    "/recruitment-funnel",
    response_model=RecruitmentFunnelReport,
    dependencies=[Depends(REPORT_READERS)],
    responses=NOT_MODIFIED,
    summary="Recruitment funnel stages by track, overall, by sex and by country of residence",
)
async def recruitment_funnel_report(request: Request) -> Response:
    return await cached_report(
        request, "recruitment_funnel", recruitment_funnel, [RECRUITMENT_FUNNEL.name]
    )


@router.get(
    "/deployment",
    response_model=DeploymentReport,
    dependencies=[Depends(REPORT_READERS)],
    responses=NOT_MODIFIED,
    summary="Per IPRC and hospital: missions, training, health services, staff trained",
)
async def deployment_report_route(request: Request) -> Response:
    return await cached_report(request, "deployment_report", deployment_report, [DEPLOYMENT.name])


@router.get(
    "/grant-progress",
    response_model=GrantProgressReport,
    dependencies=[Depends(REPORT_READERS)],
    responses=NOT_MODIFIED,
    summary="Grants per pilot project and in total: committed vs disbursed, tranches on time, "
    "mentoring hours, jobs verified at 6 and 12 months",
)
async def grant_progress_report(request: Request) -> Response:
    return await cached_report(request, "grant_progress", grant_progress, [GRANT_PROGRESS.name])
