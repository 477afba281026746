"""Offers: made with a deadline, answered by the applicant or lapsed at the deadline; a place
left by a decline, lapse or withdrawal goes to the next on the waiting list who can still take
it (applicants who withdrew or had their data erased are skipped, with the reason kept)."""

from datetime import datetime, timedelta
from uuid import UUID

from sqlmodel import col, select

from diaspora_shared.contracts.events import OfferExpired, OfferMade
from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import OfferRow, SelectionRow
from ..adapters.tables import ApplicationRow, CallRow
from ..domain.errors import NotFoundError
from ..domain.model import ApplicantProfile, ApplicationStatus, OfferStatus
from ..domain.selection import Outcome, SelectionProposal
from ..domain.waiting_list import drop_from_waiting_list, next_from_waiting_list, replace_leaver
from .clock import Clock
from .common import (
    aware,
    find_application,
    lock_call_and_application,
    require,
)
from .proposals import load_proposal, offer_validity, store_proposal

# The service itself, acting with an officer's authority, when it lapses offers on schedule.
OFFER_EXPIRY = Actor(subject="system:offer-expiry", role=Role.IOM_OFFICER)


async def expire_offers(uow: UnitOfWork, actor: Actor, at: datetime) -> int:
    """Lapse every open offer past its deadline and pass each place on; returns how many."""
    require(actor, Role.IOM_OFFICER)
    query = select(OfferRow.application_id).where(
        col(OfferRow.status) == OfferStatus.OFFERED, col(OfferRow.deadline) < at
    )
    lapsed = 0
    for application_id in list((await uow.session.exec(query)).all()):
        call, row = await lock_call_and_application(uow.session, UUID(application_id))
        # Another pass (or the applicant's answer) may have closed it since the query.
        offer = await _fresh_offer(uow, application_id)
        if offer is None or offer.status != OfferStatus.OFFERED or aware(offer.deadline) >= at:
            continue
        profile = ApplicantProfile.model_validate_json(row.profile)
        offer.status, offer.answered_at, row.status = (
            OfferStatus.EXPIRED,
            at,
            ApplicationStatus.EXPIRED,
        )
        uow.session.add_all([offer, row])
        uow.record(OfferExpired(**_offer_fields(call, row, profile.sex), expired_at=at))
        await offer_place_to_next(uow, call, row.application_id, at)
        lapsed += 1
    await uow.commit()
    return lapsed


async def lapse_offers_past_deadline(runtime: ServiceRuntime, clock: Clock) -> int:
    """The service's own periodic pass: offers lapse at their deadline without anyone asking."""
    async with runtime.unit_of_work() as uow:
        return await expire_offers(uow, OFFER_EXPIRY, clock.now())


async def offer_place_to_next(
    uow: UnitOfWork, call: CallRow, leaving_application_id: str, at: datetime
) -> None:
    """Called, with the call locked, when a selected candidate leaves (decline, lapse,
    withdrawal)."""
    selection = await uow.session.get(SelectionRow, call.call_id)
    if selection is None or not _was_selected(load_proposal(selection), leaving_application_id):
        return
    proposal = load_proposal(selection)
    while (successor := next_from_waiting_list(proposal, leaving_application_id)) is not None:
        row = await find_application(uow.session, UUID(successor.application_id), for_update=True)
        why = _why_unavailable(row)
        if why is None:
            break
        proposal = drop_from_waiting_list(proposal, successor.application_id, why)
    selection.proposal = store_proposal(replace_leaver(proposal, leaving_application_id))
    uow.session.add(selection)
    if successor is not None:
        make_offer(uow, call, row, successor.sex, at, offer_validity(selection), True)


def make_offer(
    uow: UnitOfWork,
    call: CallRow,
    row: ApplicationRow,
    sex: Sex,
    at: datetime,
    valid_for: timedelta,
    from_waiting_list: bool,
) -> None:
    deadline = at + valid_for
    row.status = ApplicationStatus.OFFERED
    uow.session.add(row)
    uow.session.add(
        OfferRow(
            application_id=row.application_id,
            call_id=call.call_id,
            status=OfferStatus.OFFERED,
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


def _why_unavailable(row: ApplicationRow) -> str | None:
    if row.erased_at is not None:
        return "the applicant's data was erased"
    if row.status == ApplicationStatus.WITHDRAWN:
        return "the applicant withdrew"
    if row.status != ApplicationStatus.WAITLISTED:
        return f"the application is {row.status}"
    return None


def _was_selected(proposal: SelectionProposal, application_id: str) -> bool:
    try:
        return proposal.placement_of(application_id).outcome is Outcome.SELECTED
    except NotFoundError:
        return False


async def _fresh_offer(uow: UnitOfWork, application_id: str) -> OfferRow | None:
    return await uow.session.get(OfferRow, application_id, populate_existing=True)


def _offer_fields(call: CallRow, row: ApplicationRow, sex: Sex) -> dict[str, object]:
    return {
        "application_id": UUID(row.application_id),
        "call_id": UUID(call.call_id),
        "track": call.track,
        "sex": sex,
    }
