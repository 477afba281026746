"""Grants' lists over HTTP: applications (a pilot project's own, every one for an officer) and
the four-eyes queue of tranche releases waiting for a second officer."""

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow

from ..domain.requests import AwaitingApprovalView, GrantView
from ..service_layer import grant_lists
from ..service_layer.unit_of_work import SqlGrantsUnitOfWork
from .dependencies import ActorDep, TodayDep, UowDep

router = APIRouter(prefix="/grants", tags=["grants"])


@router.get(
    "/applications",
    dependencies=[Depends(allow(Role.IOM_OFFICER, Role.PILOT_PROJECT))],
    summary="Grant applications (a pilot project: its own only)",
)
async def list_grants(actor: ActorDep, uow: UowDep, today: TodayDep) -> list[GrantView]:
    async with uow:
        return await grant_lists.list_grants(SqlGrantsUnitOfWork(uow), actor, today)


@router.get(
    "/tranches/awaiting-approval",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Tranche releases waiting for a second officer's approval (four-eyes queue)",
)
async def awaiting_approval(actor: ActorDep, uow: UowDep) -> list[AwaitingApprovalView]:
    async with uow:
        return await grant_lists.awaiting_approval(SqlGrantsUnitOfWork(uow), actor)
