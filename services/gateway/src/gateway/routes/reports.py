"""Stakeholder reports, served from the reporting service's read models."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from diaspora_shared.contracts.reference import IPRCS, HostInstitution
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from reporting.api import AcceptedProfessionalsReport, RecruitmentFunnelReport

from ..auth import authenticated_actor, require_roles
from ..upstream import Upstreams, upstreams_of

router = APIRouter(prefix="/api", tags=["reports"])
ReportReader = Annotated[Actor, Depends(require_roles(Role.IOM_OFFICER, Role.MINISTRY_VIEWER))]


@router.get(
    "/reports/accepted-professionals",
    response_model=AcceptedProfessionalsReport,
    summary="Accepted professionals by track and sex against target",
)
async def accepted_professionals(
    request: Request,
    actor: ReportReader,
    upstreams: Annotated[Upstreams, Depends(upstreams_of)],
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
    upstreams: Annotated[Upstreams, Depends(upstreams_of)],
) -> JSONResponse:
    return await upstreams.forward(request, actor, "reporting", "/reports/recruitment-funnel")


@router.get("/reference/iprcs", summary="The eight IPRCs of Rwanda Polytechnic")
async def iprcs(_actor: Annotated[Actor, Depends(authenticated_actor)]) -> list[HostInstitution]:
    return list(IPRCS)
