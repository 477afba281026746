"""Stakeholder reports, served from the reporting service's read models."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from diaspora_shared.contracts.reference import IPRCS, HostInstitution
from reporting.api import AcceptedProfessionalsReport, RecruitmentFunnelReport

from .dependencies import AnyActor, ReportReader, UpstreamsDep

router = APIRouter(prefix="/api", tags=["reports"])


@router.get(
    "/reports/accepted-professionals",
    response_model=AcceptedProfessionalsReport,
    summary="Accepted professionals by track and sex against target",
)
async def accepted_professionals(
    request: Request,
    actor: ReportReader,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    return await upstreams.forward(request, actor, "reporting", "/reports/accepted-professionals")


@router.get(
    "/reports/recruitment-funnel",
    response_model=RecruitmentFunnelReport,
    summary="Recruitment funnel by track: overall, by sex and by country of residence",
)
async def recruitment_funnel(
    request: Request,
    actor: ReportReader,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    return await upstreams.forward(request, actor, "reporting", "/reports/recruitment-funnel")


@router.get("/reference/iprcs", summary="The eight IPRCs of Rwanda Polytechnic")
async def iprcs(_actor: AnyActor) -> list[HostInstitution]:
    return list(IPRCS)
