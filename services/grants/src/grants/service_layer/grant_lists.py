"""Lists of grants: a pilot project's own applications, every one for an officer, and the
tranches whose release waits for a second officer's approval (the four-eyes queue)."""

from datetime import date
from uuid import UUID

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..domain.call import GrantCall
from ..domain.requests import AwaitingApprovalView, GrantView
from .unit_of_work import GrantsUnitOfWork
from .views import grant_view


async def list_grants(uow: GrantsUnitOfWork, actor: Actor, today: date) -> list[GrantView]:
    """A pilot project's own applications; every one for an officer."""
    project = (actor.org or "") if actor.role is Role.PILOT_PROJECT else None
    grants = await uow.grants.listed(project)
    calls: dict[UUID, GrantCall] = {}
    views = []
    for grant in grants:
        if grant.call_id not in calls:
            calls[grant.call_id] = await uow.calls.get(grant.call_id)
        views.append(grant_view(grant, calls[grant.call_id], today))
    return views


async def awaiting_approval(uow: GrantsUnitOfWork, actor: Actor) -> list[AwaitingApprovalView]:
    """Requested, not yet approved, oldest due first; the requester cannot approve their own."""
    queue = [
        AwaitingApprovalView(
            application_id=grant.application_id,
            project_code=grant.project_code,
            tranche=tranche.number,
            amount=tranche.amount,
            due_on=tranche.due_on,
            requested_by_me=tranche.requested_by == actor.subject,
        )
        for grant in await uow.grants.listed(None)
        for tranche in grant.tranches
        if tranche.requested_by is not None and tranche.approved_by is None
    ]
    return sorted(queue, key=lambda item: (item.due_on, str(item.application_id), item.tranche))
