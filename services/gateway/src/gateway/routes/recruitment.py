"""Recruitment commands and queries, checked for role here and per object in the service."""

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from diaspora_shared.runtime.http_problems import problems
from recruitment.api import (
    ApplicantProfile,
    ApplicationView,
    CallSpec,
    CallView,
    ScreeningOverride,
)

from .dependencies import AnyActor, Applicant, Officer, OwnerOrOfficer, UpstreamsDep

router = APIRouter(prefix="/api/recruitment", tags=["recruitment"])


@router.post("/calls", status_code=201, response_model=CallView, summary="Open a call (officer)")
async def open_call(
    spec: CallSpec, request: Request, actor: Officer, upstreams: UpstreamsDep
) -> JSONResponse:
    body = spec.model_dump(mode="json")
    return await upstreams.forward(request, actor, "recruitment", "/recruitment/calls", body)


@router.get("/calls", response_model=list[CallView], summary="List calls")
async def list_calls(request: Request, actor: AnyActor, upstreams: UpstreamsDep) -> JSONResponse:
    return await upstreams.forward(request, actor, "recruitment", "/recruitment/calls")


@router.post(
    "/calls/{call_id}/applications",
    responses=problems(404, 409),
    status_code=201,
    response_model=ApplicationView,
    summary="Apply to a call (applicant)",
)
async def submit_application(
    call_id: UUID,
    profile: ApplicantProfile,
    request: Request,
    actor: Applicant,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/calls/{call_id}/applications"
    return await upstreams.forward(
        request, actor, "recruitment", path, profile.model_dump(mode="json")
    )


@router.get(
    "/applications/{application_id}",
    responses=problems(404),
    response_model=ApplicationView,
    summary="Read an application (its applicant, or an officer)",
)
async def get_application(
    application_id: UUID, request: Request, actor: OwnerOrOfficer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}"
    return await upstreams.forward(request, actor, "recruitment", path)


@router.post(
    "/applications/{application_id}/accept",
    responses=problems(404, 409),
    response_model=ApplicationView,
    summary="Accept an applicant (officer)",
)
async def accept_applicant(
    application_id: UUID, request: Request, actor: Officer, upstreams: UpstreamsDep
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/accept"
    return await upstreams.forward(request, actor, "recruitment", path)


@router.put(
    "/applications/{application_id}",
    responses=problems(404, 409),
    response_model=ApplicationView,
    summary="Update your application until the call closes (applicant)",
)
async def update_application(
    application_id: UUID,
    profile: ApplicantProfile,
    request: Request,
    actor: Applicant,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}"
    return await upstreams.forward(
        request, actor, "recruitment", path, profile.model_dump(mode="json")
    )


@router.post(
    "/applications/{application_id}/withdraw",
    responses=problems(404, 409),
    response_model=ApplicationView,
    summary="Withdraw your application (applicant)",
)
async def withdraw_application(
    application_id: UUID, request: Request, actor: Applicant, upstreams: UpstreamsDep
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/withdraw"
    return await upstreams.forward(request, actor, "recruitment", path)


@router.post(
    "/applications/{application_id}/screening-override",
    responses=problems(404, 409),
    response_model=ApplicationView,
    summary="Override the screening outcome with a written justification (officer; audited)",
)
async def override_screening(
    application_id: UUID,
    decision: ScreeningOverride,
    request: Request,
    actor: Officer,
    upstreams: UpstreamsDep,
) -> JSONResponse:
    path = f"/recruitment/applications/{application_id}/screening-override"
    return await upstreams.forward(
        request, actor, "recruitment", path, decision.model_dump(mode="json")
    )
