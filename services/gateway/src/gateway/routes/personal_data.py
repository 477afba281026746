"""Personal data rights: applicants export or erase their own data; officers do it for a person
on their request (audited in recruitment)."""

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from diaspora_shared.runtime.http_problems import problems
from recruitment.api_personal_data import ErasureReceipt, PersonalDataExport

from .dependencies import Applicant, Officer, UpstreamsDep

router = APIRouter(prefix="/api/recruitment", tags=["personal data"])


def _applicant_path(subject: str, action: str) -> str:
    return f"/recruitment/applicants/{quote(subject, safe='')}/{action}"


# The "me" routes come first, so "me" is never read as someone's subject.
@router.get(
    "/applicants/me/personal-data",
    responses=problems(404),
    response_model=PersonalDataExport,
    summary="Everything recruitment holds about you, as JSON (applicant)",
)
async def export_my_data(
    request: Request, actor: Applicant, upstreams: UpstreamsDep
) -> JSONResponse:
    path = "/recruitment/applicants/me/personal-data"
    return await upstreams.forward(request, actor, "recruitment", path)


@router.post(
    "/applicants/me/erasure",
    responses=problems(404, 409),
    response_model=ErasureReceipt,
    summary="Erase your personal data; anonymous counts remain (applicant)",
)
async def erase_my_data(
    request: Request, actor: Applicant, upstreams: UpstreamsDep
) -> JSONResponse:
    return await upstreams.forward(
        request, actor, "recruitment", "/recruitment/applicants/me/erasure"
    )


@router.get(
    "/applicants/{subject}/personal-data",
    responses=problems(404),
    response_model=PersonalDataExport,
    summary="Everything held about a person, on their request (officer; audited)",
)
async def export_personal_data(
    subject: str, request: Request, actor: Officer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = _applicant_path(subject, "personal-data")
    return await upstreams.forward(request, actor, "recruitment", path)


@router.post(
    "/applicants/{subject}/erasure",
    responses=problems(404, 409),
    response_model=ErasureReceipt,
    summary="Erase a person's personal data, on their request (officer; audited)",
)
async def erase_personal_data(
    subject: str, request: Request, actor: Officer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = _applicant_path(subject, "erasure")
    return await upstreams.forward(request, actor, "recruitment", path)
