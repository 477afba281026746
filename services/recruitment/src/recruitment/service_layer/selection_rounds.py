"""Selection: a ranked proposal that fills the target and meets the gender-balance goal,
confirmed by an officer, who thereby sends the selected candidates their offers."""

from datetime import datetime, timedelta
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import SelectionConfirmed
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import SelectionRow
from ..adapters.tables import ApplicationRow, CallRow
from ..domain.errors import AlreadyDone, StateConflict
from ..domain.model import ApplicantProfile, ApplicationStatus
from ..domain.review import exact_mean
from ..domain.selection import Candidate, Outcome, SelectionProposal, propose_selection
from ..domain.selection_views import ProposalView
from .common import (
    ELIGIBLE,
    audit,
    aware,
    find_application,
    find_call,
    require,
    review_policy_of,
)
from .offers import make_offer
from .proposals import load_proposal, store_proposal
from .reviews import exact_scores_of


async def selection_proposal(session: AsyncSession, actor: Actor, call_id: UUID) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await find_call(session, call_id)
    confirmed = await session.get(SelectionRow, call.call_id)
    if confirmed is not None:
        return ProposalView.of(load_proposal(confirmed))
    return ProposalView.of(await _propose(session, call))


async def confirm_selection(
    uow: UnitOfWork, actor: Actor, call_id: UUID, offer_valid_hours: int, at: datetime
) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await find_call(uow.session, call_id, for_update=True)
    if await uow.session.get(SelectionRow, call.call_id) is not None:
        raise AlreadyDone("this call's selection is already confirmed")
    proposal = await _propose(uow.session, call)
    if not proposal.placements:
        raise StateConflict("no eligible application has its required reviews yet")
    uow.session.add(
        SelectionRow(
            call_id=call.call_id,
            confirmed_at=at,
            confirmed_by=actor.subject,
            offer_valid_days=max(1, offer_valid_hours // 24),
            offer_valid_hours=offer_valid_hours,
            proposal=store_proposal(proposal),
        )
    )
    valid_for = timedelta(hours=offer_valid_hours)
    for placement in proposal.placements:
        row = await find_application(uow.session, UUID(placement.application_id), for_update=True)
        if placement.outcome is Outcome.SELECTED:
            make_offer(uow, call, row, placement.sex, at, valid_for, from_waiting_list=False)
        else:
            row.status = _status_of(placement.outcome)
            uow.session.add(row)
    uow.record(
        SelectionConfirmed(
            call_id=call_id,
            track=call.track,
            selected=len(proposal.selected),
            waiting_list=len(proposal.waiting_list),
            women_required=proposal.women_required,
            women_selected=proposal.women_selected,
            goal_met=proposal.goal_met,
            confirmed_at=at,
        )
    )
    audit(uow.session, actor, "confirm_selection", call.call_id, selected=len(proposal.selected))
    await uow.commit()
    return ProposalView.of(proposal)


async def has_confirmed_selection(session: AsyncSession, call_id: str) -> bool:
    return await session.get(SelectionRow, call_id) is not None


def _status_of(outcome: Outcome) -> ApplicationStatus:
    if outcome is Outcome.WAITING_LIST:
        return ApplicationStatus.WAITLISTED
    return ApplicationStatus.NOT_SELECTED


async def _propose(session: AsyncSession, call: CallRow) -> SelectionProposal:
    query = select(ApplicationRow).where(
        col(ApplicationRow.call_id) == call.call_id,
        col(ApplicationRow.status) == ELIGIBLE,
        col(ApplicationRow.erased_at).is_(None),
    )
    rows = list((await session.exec(query)).all())
    policy = review_policy_of(call)
    scores = await exact_scores_of(session, [row.application_id for row in rows], policy)
    candidates = [
        Candidate(
            application_id=row.application_id,
            sex=ApplicantProfile.model_validate_json(row.profile).sex,
            score=exact_mean(scores[row.application_id]),
            submitted_at=aware(row.submitted_at),
        )
        for row in rows
        if len(scores.get(row.application_id, [])) >= policy.reviews_required
    ]
    return propose_selection(candidates, target=call.target, women_share_goal=call.women_share_goal)
