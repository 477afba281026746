"""Offers: made with a deadline, answered by the applicant or lapsed at the deadline; a place
left by a decline, lapse or withdrawal goes to the next on the waiting list who can still take
it (applicants who withdrew or had their data erased are skipped, with the reason kept)."""

from datetime import datetime

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime

from .clock import Clock
from .common import require
from .unit_of_work import RecruitmentUnitOfWork, SqlRecruitmentUnitOfWork

# The service itself, acting with an officer's authority, when it lapses offers on schedule.
OFFER_EXPIRY = Actor(subject="system:offer-expiry", role=Role.IOM_OFFICER)


async def expire_offers(uow: RecruitmentUnitOfWork, actor: Actor, at: datetime) -> int:
    """Lapse every open offer past its deadline and pass each place on; returns how many."""
    require(actor, Role.IOM_OFFICER)
    lapsed = 0
    for application_id in await uow.applications.open_offers_past(at):
        unlocked = await uow.applications.get(application_id)
        call = await uow.calls.get(unlocked.call_id, for_update=True)
        # Read afresh under the lock: another pass (or the applicant's answer) may have
        # closed the offer since the query.
        application = await uow.applications.get(application_id, for_update=True)
        if application.lapse_offer(call, at):
            await uow.pass_place_on(call.call_id, application_id, at)
            lapsed += 1
    await uow.commit()
    return lapsed


async def lapse_offers_past_deadline(runtime: ServiceRuntime, clock: Clock) -> int:
    """The service's own periodic pass: offers lapse at their deadline without anyone asking."""
    async with runtime.unit_of_work() as uow:
        return await expire_offers(SqlRecruitmentUnitOfWork(uow), OFFER_EXPIRY, clock.now())
