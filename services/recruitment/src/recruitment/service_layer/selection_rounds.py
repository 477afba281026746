"""Selection and offers: a ranked proposal that fills the target and meets the gender-balance
goal, confirmed by an officer; offers with a deadline; a decline, expiry or withdrawal offers
the place to the next on the waiting list while keeping the goal."""

from datetime import datetime, timedelta
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import (
    OfferDeclined,
    OfferExpired,
    OfferMade,
    SelectionConfirmed,
)
from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import OfferRow, SelectionRow
from ..adapters.tables import ApplicationRow, CallRow
from ..domain.errors import ConflictError, NotFoundError
from ..domain.model import ApplicantProfile, ApplicationView
from ..domain.selection import (
    Candidate,
    Outcome,
    SelectionProposal,
    next_from_waiting_list,
    propose_selection,
    replace_leaver,
)
from ..domain.selection_views import ProposalView
from .common import (
    ACCEPTED,
    ELIGIBLE,
    accepted_event,
    application_view,
    audit,
    aware,
    ensure_owner,
    find_application,
    find_call,
    now,
    require,
    review_policy_of,
)
from .proposals import load_proposal, store_proposal
from .reviews import aggregated_scores

OFFERED, WAITLISTED, NOT_SELECTED = "offered", "waitlisted", "not_selected"
# The service itself, acting with an officer's authority, when it lapses offers on schedule.
OFFER_EXPIRY = Actor(subject="system:offer-expiry", role=Role.IOM_OFFICER)
DECLINED, EXPIRED = "declined", "expired"


async def selection_proposal(session: AsyncSession, actor: Actor, call_id: UUID) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await find_call(session, call_id)
    confirmed = await session.get(SelectionRow, call.call_id)
    if confirmed is not None:
        return ProposalView.of(load_proposal(confirmed))
    return ProposalView.of(await _propose(session, call))


async def confirm_selection(
    uow: UnitOfWork, actor: Actor, call_id: UUID, offer_valid_days: int, at: datetime
) -> ProposalView:
    require(actor, Role.IOM_OFFICER)
    call = await find_call(uow.session, call_id, for_update=True)
    if await uow.session.get(SelectionRow, call.call_id) is not None:
        raise ConflictError("this call's selection is already confirmed")
    proposal = await _propose(uow.session, call)
    if not proposal.placements:
        raise ConflictError("no eligible application has its required reviews yet")
    uow.session.add(
        SelectionRow(
            call_id=call.call_id,
            confirmed_at=at,
            confirmed_by=actor.subject,
            offer_valid_days=offer_valid_days,
            proposal=store_proposal(proposal),
        )
    )
    for placement in proposal.placements:
        row = await find_application(uow.session, UUID(placement.application_id))
        if placement.outcome is Outcome.SELECTED:
            _offer(uow, call, row, placement.sex, at, offer_valid_days, from_waiting_list=False)
        else:
            row.status = WAITLISTED if placement.outcome is Outcome.WAITING_LIST else NOT_SELECTED
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


async def answer_offer(
    uow: UnitOfWork, actor: Actor, application_id: UUID, accept: bool, at: datetime
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    row = await find_application(uow.session, application_id)
    ensure_owner(actor, row)
    offer = await uow.session.get(OfferRow, row.application_id)
    if offer is None or offer.status != OFFERED:
        raise ConflictError("there is no open offer on this application", code="offer.not_open")
    if at > aware(offer.deadline):
        raise ConflictError(
            f"the offer lapsed at {offer.deadline.isoformat()}", code="offer.lapsed"
        )
    call = await find_call(uow.session, UUID(row.call_id), for_update=True)
    profile = ApplicantProfile.model_validate_json(row.profile)
    offer.answered_at = at
    if accept:
        offer.status, row.status, row.decided_at = ACCEPTED, ACCEPTED, at
        uow.record(accepted_event(call, row, profile))
    else:
        offer.status, row.status, row.decided_at = DECLINED, DECLINED, at
        uow.record(OfferDeclined(**_offer_fields(call, row, profile.sex), declined_at=at))
        await offer_place_to_next(uow, call, row.application_id, at)
    uow.session.add_all([offer, row])
    await uow.commit()
    return application_view(row)


async def expire_offers(uow: UnitOfWork, actor: Actor, at: datetime) -> int:
    """Lapse every open offer past its deadline and pass each place on; returns how many."""
    require(actor, Role.IOM_OFFICER)
    query = select(OfferRow).where(col(OfferRow.status) == OFFERED, col(OfferRow.deadline) < at)
    lapsed = list((await uow.session.exec(query)).all())
    for offer in lapsed:
        row = await find_application(uow.session, UUID(offer.application_id))
        call = await find_call(uow.session, UUID(offer.call_id), for_update=True)
        profile = ApplicantProfile.model_validate_json(row.profile)
        offer.status, offer.answered_at, row.status = EXPIRED, at, EXPIRED
        uow.session.add_all([offer, row])
        uow.record(OfferExpired(**_offer_fields(call, row, profile.sex), expired_at=at))
        await offer_place_to_next(uow, call, row.application_id, at)
    await uow.commit()
    return len(lapsed)


async def lapse_offers_past_deadline(runtime: ServiceRuntime) -> int:
    """The service's own periodic pass: offers lapse at their deadline without anyone asking."""
    async with runtime.unit_of_work() as uow:
        return await expire_offers(uow, OFFER_EXPIRY, now())


async def offer_place_to_next(
    uow: UnitOfWork, call: CallRow, leaving_application_id: str, at: datetime
) -> None:
    """Called when a selected candidate leaves (decline, expiry, withdrawal)."""
    selection = await uow.session.get(SelectionRow, call.call_id)
    if selection is None:
        return
    proposal = load_proposal(selection)
    try:
        if proposal.placement_of(leaving_application_id).outcome is not Outcome.SELECTED:
            return
    except NotFoundError:
        return
    successor = next_from_waiting_list(proposal, leaving_application_id)
    selection.proposal = store_proposal(replace_leaver(proposal, leaving_application_id))
    uow.session.add(selection)
    if successor is not None:
        row = await find_application(uow.session, UUID(successor.application_id))
        _offer(
            uow, call, row, successor.sex, at, selection.offer_valid_days, from_waiting_list=True
        )


async def has_confirmed_selection(session: AsyncSession, call_id: str) -> bool:
    return await session.get(SelectionRow, call_id) is not None


def _offer(
    uow: UnitOfWork,
    call: CallRow,
    row: ApplicationRow,
    sex: Sex,
    at: datetime,
    valid_days: int,
    *,
    from_waiting_list: bool,
) -> None:
    deadline = at + timedelta(days=valid_days)
    row.status = OFFERED
    uow.session.add(row)
    uow.session.add(
        OfferRow(
            application_id=row.application_id,
            call_id=call.call_id,
            status=OFFERED,
            made_at=at,
            deadline=deadline,
            from_waiting_list=from_waiting_list,
        )
    )
    uow.record(
        OfferMade(
            **_offer_fields(call, row, sex),
            deadline=deadline,
            from_waiting_list=from_waiting_list,
            made_at=at,
        )
    )


def _offer_fields(call: CallRow, row: ApplicationRow, sex: Sex) -> dict[str, object]:
    return {
        "application_id": UUID(row.application_id),
        "call_id": UUID(call.call_id),
        "track": call.track,
        "sex": sex,
    }


async def _propose(session: AsyncSession, call: CallRow) -> SelectionProposal:
    query = select(ApplicationRow).where(
        col(ApplicationRow.call_id) == call.call_id,
        col(ApplicationRow.status) == ELIGIBLE,
        col(ApplicationRow.erased_at).is_(None),
    )
    rows = list((await session.exec(query)).all())
    scores = await aggregated_scores(session, [row.application_id for row in rows])
    required = review_policy_of(call).reviews_required
    candidates = [
        Candidate(
            application_id=row.application_id,
            sex=ApplicantProfile.model_validate_json(row.profile).sex,
            score=round(sum(scores[row.application_id]) / len(scores[row.application_id]), 4),
            submitted_at=aware(row.submitted_at),
        )
        for row in rows
        if len(scores.get(row.application_id, [])) >= required
    ]
    return propose_selection(candidates, target=call.target, women_share_goal=call.women_share_goal)
