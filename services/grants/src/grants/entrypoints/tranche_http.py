"""Grants' HTTP API for tranche release; officers only, four-eyes enforced by the domain."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.requests import ConditionMetIn, DisbursementIn, GrantView
from ..service_layer import tranches
from ..service_layer.unit_of_work import SqlGrantsUnitOfWork
from .dependencies import ActorDep, TodayDep, UowDep

router = APIRouter(prefix="/grants/applications/{grant_id}/tranches", tags=["tranches"])
OFFICER = Depends(allow(Role.IOM_OFFICER))
TrancheNumber = Annotated[int, Path(ge=1, le=12)]


@router.post(
    "/{number}/conditions",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Mark a tranche condition met, with its evidence",
)
async def meet_condition(
    grant_id: UUID, number: TrancheNumber, body: ConditionMetIn, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await tranches.meet_condition(
            SqlGrantsUnitOfWork(uow), grant_id, number, body, today
        )


@router.post(
    "/{number}/release-request",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Request a tranche's release (all its conditions met)",
)
async def request_release(
    grant_id: UUID, number: TrancheNumber, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await tranches.request_release(
            SqlGrantsUnitOfWork(uow), actor, grant_id, number, today
        )


@router.post(
    "/{number}/approval",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Approve a requested release (an officer other than the requester)",
)
async def approve_release(
    grant_id: UUID, number: TrancheNumber, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await tranches.approve_release(
            SqlGrantsUnitOfWork(uow), actor, grant_id, number, today
        )


@router.post(
    "/{number}/disbursement",
    responses=problems(404, 409),
    dependencies=[OFFICER],
    summary="Record the payment of an approved tranche (once per payment reference)",
)
async def disburse(
    grant_id: UUID, number: TrancheNumber, body: DisbursementIn, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await tranches.disburse(SqlGrantsUnitOfWork(uow), grant_id, number, body, today)
