"""Host requests and host institutions over HTTP, reached through the gateway only."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow, allow_any_role
from diaspora_shared.runtime.http_problems import problems

from ..domain.institutions import CoursesSpec, InstitutionView, NewHospitalSpec
from ..domain.model import CandidateView, HostRequestSpec, HostRequestView, ReturnSpec
from ..service_layer import host_requests, institutions, professionals
from .dependencies import ActorDep, ClockDep, DeploymentUowDep

router = APIRouter(prefix="/deployment", tags=["deployment"])
HOST_OR_OFFICER = allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER)


@router.get(
    "/institutions",
    dependencies=[Depends(allow_any_role())],
    summary="Host institutions: the eight IPRCs (TVET) and the host hospitals (Health)",
)
async def list_institutions(uow: DeploymentUowDep) -> list[InstitutionView]:
    return await institutions.list_institutions(uow)


@router.post(
    "/institutions",
    responses=problems(409, 422),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    status_code=201,
    summary="Add a host hospital with its departments (officer)",
)
async def add_hospital(spec: NewHospitalSpec, uow: DeploymentUowDep) -> InstitutionView:
    return await institutions.add_hospital(uow, spec)


@router.put(
    "/institutions/{code}/courses",
    responses=problems(404, 422),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Replace an institution's departments or priority courses (officer)",
)
async def edit_courses(code: str, spec: CoursesSpec, uow: DeploymentUowDep) -> InstitutionView:
    return await institutions.edit_courses(uow, code, spec)


@router.post(
    "/requests",
    responses=problems(422),
    dependencies=[Depends(allow(Role.HOST_INSTITUTION))],
    status_code=201,
    summary="Submit terms of reference for your institution (host)",
)
async def submit_request(
    spec: HostRequestSpec, actor: ActorDep, uow: DeploymentUowDep, clock: ClockDep
) -> HostRequestView:
    return await host_requests.submit_request(uow, actor.org or "", spec, clock.now())


@router.get(
    "/requests",
    dependencies=[Depends(HOST_OR_OFFICER)],
    summary="Requests, newest first: a host's own, or every one for an officer",
)
async def list_requests(actor: ActorDep, uow: DeploymentUowDep) -> list[HostRequestView]:
    return await host_requests.list_requests(uow, actor)


@router.get(
    "/requests/{request_id}",
    responses=problems(404),
    dependencies=[Depends(HOST_OR_OFFICER)],
    summary="Read a request (its host, or an officer)",
)
async def get_request(request_id: UUID, actor: ActorDep, uow: DeploymentUowDep) -> HostRequestView:
    return await host_requests.get_request(uow, actor, request_id)


@router.post(
    "/requests/{request_id}/approve",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Approve a request (officer)",
)
async def approve_request(request_id: UUID, uow: DeploymentUowDep) -> HostRequestView:
    return await host_requests.approve_request(uow, request_id)


@router.post(
    "/requests/{request_id}/return",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Return a request to its host with a reason (officer)",
)
async def return_request(
    request_id: UUID, body: ReturnSpec, uow: DeploymentUowDep
) -> HostRequestView:
    return await host_requests.return_request(uow, request_id, body.reason)


@router.get(
    "/requests/{request_id}/candidates",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Available professionals of the request's track, with their fit (officer)",
)
async def list_candidates(request_id: UUID, uow: DeploymentUowDep) -> list[CandidateView]:
    return await professionals.candidates(uow, request_id)
