"""Selection: a ranked proposal that fills the target and meets the gender-balance goal,
confirmed by an officer, who thereby sends the selected candidates their offers."""

from datetime import datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..adapters.repository import SqlApplicationRepository, SqlCallRepository
from ..adapters.selection_repository import SqlSelectionRepository
from ..domain.confirmed_selection import Selection, propose
from ..domain.errors import AlreadyDone
from ..domain.selection_views import ProposalView
from .common import require
from .unit_of_work import RecruitmentUnitOfWork


async def selection_proposal(session: AsyncSession, actor: Actor, call_id: UUID) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await SqlCallRepository(session).get(call_id)
    confirmed = await SqlSelectionRepository(session).get(call_id)
    if confirmed is not None:
        return ProposalView.of(confirmed.proposal)
    candidates = await SqlApplicationRepository(session).reviewed_candidates(call)
    return ProposalView.of(propose(call, candidates))


async def confirm_selection(
    uow: RecruitmentUnitOfWork, actor: Actor, call_id: UUID, offer_valid_hours: int, at: datetime
) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await uow.calls.get(call_id, for_update=True)
    if await uow.selections.get(call_id) is not None:
        raise AlreadyDone("this call's selection is already confirmed")
    proposal = propose(call, await uow.applications.reviewed_candidates(call))
    placed = [
        await uow.applications.get(UUID(placement.application_id), for_update=True)
        for placement in proposal.placements
    ]
    selection = Selection.confirm(call, proposal, placed, offer_valid_hours, actor.subject, at)
    uow.selections.add(selection)
    uow.audit(actor, "confirm_selection", call_id, selected=len(proposal.selected))
    await uow.commit()
    return ProposalView.of(proposal)
