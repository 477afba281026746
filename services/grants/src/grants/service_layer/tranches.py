"""Tranche release: conditions met with evidence, a request, a four-eyes approval, a payment."""

from datetime import date
from uuid import UUID

from diaspora_shared.runtime.actors import Actor

from ..domain.errors import PaymentReferenceReused
from ..domain.grant import GrantApplication
from ..domain.requests import ConditionMetIn, DisbursementIn, GrantView
from .unit_of_work import GrantsUnitOfWork
from .views import grant_view


async def _locked(uow: GrantsUnitOfWork, grant_id: UUID) -> GrantApplication:
    """Every tranche decision is taken under the grant's row lock: concurrent requests queue."""
    return await uow.grants.get(grant_id, for_update=True)


async def _answer(uow: GrantsUnitOfWork, grant: GrantApplication, today: date) -> GrantView:
    await uow.commit()
    return grant_view(grant, await uow.calls.get(grant.call_id), today)


async def meet_condition(
    uow: GrantsUnitOfWork, grant_id: UUID, number: int, met: ConditionMetIn, today: date
) -> GrantView:
    grant = await _locked(uow, grant_id)
    grant.meet_condition(number, met.condition, met.evidence)
    return await _answer(uow, grant, today)


async def request_release(
    uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, number: int, today: date
) -> GrantView:
    grant = await _locked(uow, grant_id)
    grant.request_release(number, actor.subject)
    return await _answer(uow, grant, today)


async def approve_release(
    uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, number: int, today: date
) -> GrantView:
    grant = await _locked(uow, grant_id)
    grant.approve_release(number, actor.subject)
    return await _answer(uow, grant, today)


async def disburse(
    uow: GrantsUnitOfWork, grant_id: UUID, number: int, payment: DisbursementIn, today: date
) -> GrantView:
    """Once per payment reference: repeating the same payment changes nothing; a reference
    already used for another tranche is refused."""
    grant = await _locked(uow, grant_id)
    owner = await uow.grants.payment_owner(payment.payment_reference)
    if owner is not None and owner != (grant_id, number):
        raise PaymentReferenceReused("this payment reference was recorded for another tranche")
    grant.disburse(number, payment.payment_reference, payment.disbursed_on)
    return await _answer(uow, grant, today)
