"""Missions over HTTP: matched and managed by officers, arrival confirmed by the host."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.model import (
    CancellationSpec,
    ExtensionSpec,
    LogisticsSpec,
    MatchSpec,
    MissionView,
    ProfessionalView,
)
from ..service_layer import missions, professionals
from .dependencies import CallerDep, ClockDep, DeploymentUowDep

router = APIRouter(prefix="/deployment", tags=["deployment"])
OFFICER = allow(Role.IOM_OFFICER)
HOST_OR_OFFICER = allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER)
# The professional (role applicant) reads their own missions; the service narrows to those.
PARTIES = allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER, Role.APPLICANT)


@router.get(
    "/professionals",
    dependencies=[Depends(OFFICER)],
    summary="Accepted professionals available for missions, by pseudonymous id (officer)",
)
async def list_professionals(uow: DeploymentUowDep) -> list[ProfessionalView]:
    return await professionals.available(uow)


@router.post(
    "/requests/{request_id}/missions",
    responses=problems(404, 409),
    dependencies=[Depends(OFFICER)],
    status_code=201,
    summary="Match a professional to an approved request: the mission is planned (officer)",
)
async def plan_mission(
    request_id: UUID, spec: MatchSpec, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.match(uow, request_id, spec, clock.now())


@router.get(
    "/missions",
    dependencies=[Depends(PARTIES)],
    summary="Missions (a host sees its own only, a professional the ones they are on)",
)
async def list_missions(actor: CallerDep, uow: DeploymentUowDep) -> list[MissionView]:
    return await missions.list_missions(uow, actor)


@router.get(
    "/missions/{mission_id}",
    responses=problems(404),
    dependencies=[Depends(PARTIES)],
    summary="Read a mission (its host, its professional, or an officer)",
)
async def get_mission(mission_id: UUID, actor: CallerDep, uow: DeploymentUowDep) -> MissionView:
    return await missions.get_mission(uow, actor, mission_id)


@router.post(
    "/missions/{mission_id}/confirm",
    responses=problems(404, 409),
    dependencies=[Depends(OFFICER)],
    summary="Confirm a planned mission once its logistics are arranged (officer)",
)
async def confirm_mission(
    mission_id: UUID, logistics: LogisticsSpec, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.confirm(uow, mission_id, logistics, clock.now())


@router.post(
    "/missions/{mission_id}/arrival",
    responses=problems(404, 409),
    dependencies=[Depends(HOST_OR_OFFICER)],
    summary="Confirm the professional's arrival: the mission starts (its host, or an officer)",
)
async def confirm_arrival(
    mission_id: UUID, actor: CallerDep, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.confirm_arrival(uow, actor, mission_id, clock.now())


@router.post(
    "/missions/{mission_id}/extend",
    responses=problems(404, 409),
    dependencies=[Depends(OFFICER)],
    summary="Extend a running mission to a later end date (officer)",
)
async def extend_mission(
    mission_id: UUID, body: ExtensionSpec, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.extend(uow, mission_id, body.ends_on, clock.now())


@router.post(
    "/missions/{mission_id}/complete",
    responses=problems(404, 409),
    dependencies=[Depends(HOST_OR_OFFICER)],
    summary="Record a running mission as completed (its host, or an officer)",
)
async def complete_mission(
    mission_id: UUID, actor: CallerDep, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.complete(uow, actor, mission_id, clock.now())


@router.post(
    "/missions/{mission_id}/cancel",
    responses=problems(404, 409),
    dependencies=[Depends(OFFICER)],
    summary="Cancel a mission with a reason (officer)",
)
async def cancel_mission(
    mission_id: UUID, body: CancellationSpec, uow: DeploymentUowDep, clock: ClockDep
) -> MissionView:
    return await missions.cancel(uow, mission_id, body, clock.now())
