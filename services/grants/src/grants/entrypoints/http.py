"""Grants' HTTP API for calls, applications, review, decision and award; reached through the
gateway only."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.requests import (
    AwardIn,
    DecisionIn,
    GrantApplicationSpec,
    GrantCallSpec,
    GrantCallView,
    GrantView,
    ReviewerIn,
    ReviewIn,
    ScreeningIn,
)
from ..service_layer import applications
from ..service_layer.unit_of_work import SqlGrantsUnitOfWork
from .dependencies import ActorDep, TodayDep, UowDep

router = APIRouter(prefix="/grants", tags=["grants"])
OFFICER = Depends(allow(Role.IOM_OFFICER))


@router.post("/calls", dependencies=[OFFICER], status_code=201, summary="Open a grant call")
async def open_call(spec: GrantCallSpec, uow: UowDep) -> GrantCallView:
    async with uow:
        return await applications.open_call(SqlGrantsUnitOfWork(uow), spec)


@router.get(
    "/calls",
    dependencies=[Depends(allow(Role.IOM_OFFICER, Role.PILOT_PROJECT, Role.REVIEWER))],
    summary="List grant calls with the amount awarded so far",
)
async def list_calls(uow: UowDep) -> list[GrantCallView]:
    async with uow:
        return await applications.list_calls(SqlGrantsUnitOfWork(uow))


@router.post(
    "/calls/{call_id}/applications",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.PILOT_PROJECT))],
    status_code=201,
    summary="Apply to a call (pilot project named by its token)",
)
async def submit_application(
    call_id: UUID, spec: GrantApplicationSpec, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await applications.submit_application(
            SqlGrantsUnitOfWork(uow), actor, call_id, spec, today
        )


@router.get(
    "/applications",
    dependencies=[Depends(allow(Role.IOM_OFFICER, Role.PILOT_PROJECT))],
    summary="Applications and their grants: a pilot project's own, or every one (officer); "
    "awaiting_approval=true gives the four-eyes queue",
)
async def list_grants(
    actor: ActorDep, uow: UowDep, today: TodayDep, awaiting_approval: bool = False
) -> list[GrantView]:
    async with uow:
        return await applications.list_grants(
            SqlGrantsUnitOfWork(uow), actor, today, awaiting_approval=awaiting_approval
        )


@router.get(
    "/applications/{grant_id}",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER, Role.PILOT_PROJECT, Role.REVIEWER))],
    summary="Read an application and its grant (a pilot project: its own only)",
)
async def get_grant(grant_id: UUID, actor: ActorDep, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await applications.get_grant(SqlGrantsUnitOfWork(uow), actor, grant_id, today)


@router.post(
    "/applications/{grant_id}/screening",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Screen an application against the call's eligibility rules (or override them)",
)
async def screen(grant_id: UUID, body: ScreeningIn, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await applications.screen(SqlGrantsUnitOfWork(uow), grant_id, body, today)


@router.post(
    "/applications/{grant_id}/reviewers",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Assign a reviewer (never a contact person of the project)",
)
async def assign_reviewer(
    grant_id: UUID, body: ReviewerIn, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await applications.assign_reviewer(
            SqlGrantsUnitOfWork(uow), actor, grant_id, body, today
        )


@router.post(
    "/applications/{grant_id}/reviews",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.REVIEWER))],
    summary="An assigned reviewer scores an application, or declares a conflict of interest",
)
async def review(
    grant_id: UUID, body: ReviewIn, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await applications.review(SqlGrantsUnitOfWork(uow), actor, grant_id, body, today)


@router.post(
    "/applications/{grant_id}/decision",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Approve or reject a reviewed application",
)
async def decide(grant_id: UUID, body: DecisionIn, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await applications.decide(SqlGrantsUnitOfWork(uow), grant_id, body.approve, today)


@router.post(
    "/applications/{grant_id}/award",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Sign the grant agreement: amount, tranche schedule, signature date",
)
async def award(grant_id: UUID, terms: AwardIn, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await applications.award(SqlGrantsUnitOfWork(uow), grant_id, terms, today)
