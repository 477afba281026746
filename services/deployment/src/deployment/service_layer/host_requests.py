"""Use cases of host requests (terms of reference): submitted by a host, decided by an officer."""

from datetime import datetime
from uuid import UUID, uuid4

from diaspora_shared.runtime.actors import Actor

from ..domain.host_request import HostRequest
from ..domain.institutions import ensure_known
from ..domain.model import HostRequestSpec, HostRequestView
from ..domain.period import Period
from .access import ensure_request_visible, institution_scope
from .unit_of_work import DeploymentUnitOfWork
from .views import request_view


async def submit_request(
    uow: DeploymentUnitOfWork, institution_code: str, spec: HostRequestSpec, at: datetime
) -> HostRequestView:
    institution = ensure_known(await uow.institutions.find(institution_code), institution_code)
    request = HostRequest(
        request_id=uuid4(),
        institution_code=institution_code,
        track=institution.track,
        course_or_specialty=spec.course_or_specialty,
        expertise=spec.expertise,
        language=spec.language,
        period=Period(spec.starts_on, spec.ends_on),
        professionals_wanted=spec.professionals_wanted,
        expected_participants=spec.expected_participants,
        submitted_at=at,
    )
    uow.requests.add(request)
    await uow.commit()
    return request_view(request)


async def get_request(uow: DeploymentUnitOfWork, actor: Actor, request_id: UUID) -> HostRequestView:
    request = await uow.requests.get(request_id)
    ensure_request_visible(actor, request.institution_code, request_id)
    return request_view(request)


async def list_requests(uow: DeploymentUnitOfWork, actor: Actor) -> list[HostRequestView]:
    """A host's own requests; every request for an officer."""
    return [request_view(r) for r in await uow.requests.listed(institution_scope(actor))]


async def approve_request(uow: DeploymentUnitOfWork, request_id: UUID) -> HostRequestView:
    request = await uow.requests.get(request_id, for_update=True)
    request.approve()
    await uow.commit()
    return request_view(request)


async def return_request(
    uow: DeploymentUnitOfWork, request_id: UUID, reason: str
) -> HostRequestView:
    request = await uow.requests.get(request_id, for_update=True)
    request.return_to_host(reason)
    await uow.commit()
    return request_view(request)
