"""Recruitment's HTTP API, reached through the gateway only."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow, allow_any_role
from diaspora_shared.runtime.http_problems import problems

from ..domain.model import (
    ApplicantProfile,
    ApplicationView,
    CallSpec,
    CallView,
    ScreeningOverride,
)
from ..service_layer import applications, calls
from ..service_layer.unit_of_work import SqlRecruitmentUnitOfWork
from .dependencies import ActorDep, ClockDep, RuntimeDep, SessionDep, UowDep

router = APIRouter(prefix="/recruitment", tags=["recruitment"])


@router.post(
    "/calls",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    status_code=201,
    summary="Open a call on a track",
)
async def open_call(spec: CallSpec, actor: ActorDep, uow: UowDep) -> CallView:
    async with uow:
        return await calls.open_call(uow, actor, spec)


@router.get(
    "/calls",
    dependencies=[Depends(allow_any_role())],
    summary="List calls with their acceptance count",
)
async def list_calls(_actor: ActorDep, session: SessionDep) -> list[CallView]:
    return await calls.list_calls(session)


@router.post(
    "/calls/{call_id}/applications",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.APPLICANT))],
    status_code=201,
    summary="Apply to a call (applicant)",
)
async def submit_application(
    call_id: UUID, profile: ApplicantProfile, actor: ActorDep, uow: UowDep, clock: ClockDep
) -> ApplicationView:
    async with uow:
        today = clock.now().date()
        return await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow), actor, call_id, profile, today
        )


@router.get(
    "/applications/{application_id}",
    responses=problems(404),
    dependencies=[Depends(allow(Role.APPLICANT, Role.IOM_OFFICER))],
    summary="Read an application (owner or officer)",
)
async def get_application(
    application_id: UUID, actor: ActorDep, session: SessionDep
) -> ApplicationView:
    return await applications.get_application(session, actor, application_id)


@router.post(
    "/applications/{application_id}/accept",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Accept an applicant (officer)",
)
async def accept_applicant(
    application_id: UUID, actor: ActorDep, uow: UowDep, runtime: RuntimeDep
) -> ApplicationView:
    async with uow:
        return await applications.accept_applicant(
            SqlRecruitmentUnitOfWork(uow),
            actor,
            application_id,
            runtime.settings.person_ref_key,
        )


@router.put(
    "/applications/{application_id}",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Update your application until the call closes",
)
async def update_application(
    application_id: UUID, profile: ApplicantProfile, actor: ActorDep, uow: UowDep, clock: ClockDep
) -> ApplicationView:
    async with uow:
        today = clock.now().date()
        return await applications.update_application(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, profile, today
        )


@router.post(
    "/applications/{application_id}/withdraw",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Withdraw your application",
)
async def withdraw_application(
    application_id: UUID, actor: ActorDep, uow: UowDep, clock: ClockDep
) -> ApplicationView:
    async with uow:
        return await applications.withdraw_application(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, clock.now()
        )


@router.post(
    "/applications/{application_id}/screening-override",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Override the screening outcome with a justification (officer; audited)",
)
async def override_screening(
    application_id: UUID, decision: ScreeningOverride, actor: ActorDep, uow: UowDep
) -> ApplicationView:
    async with uow:
        return await applications.override_screening(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, decision
        )
