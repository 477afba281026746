"""Selection and offer routes."""

from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow

from ..domain.model import ApplicationView
from ..domain.selection_views import OfferAnswer, ProposalView, SelectionConfirmation
from ..service_layer import selection_rounds
from ..service_layer.common import now
from .dependencies import ActorDep, SessionDep, UowDep

router = APIRouter(prefix="/recruitment", tags=["selection"])


class ExpiredOffers(BaseModel):
    expired: int


@router.get(
    "/calls/{call_id}/selection",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="The ranking and selection proposal (officer)",
)
async def selection_proposal(call_id: UUID, actor: ActorDep, session: SessionDep) -> ProposalView:
    return await selection_rounds.selection_proposal(session, actor, call_id)


@router.post(
    "/calls/{call_id}/selection/confirm",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Confirm and send offers (officer)",
)
async def confirm_selection(
    call_id: UUID, body: SelectionConfirmation, actor: ActorDep, uow: UowDep
) -> ProposalView:
    async with uow:
        return await selection_rounds.confirm_selection(
            uow, actor, call_id, body.offer_valid_days, now()
        )


@router.post(
    "/applications/{application_id}/offer",
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Accept or decline your offer",
)
async def answer_offer(
    application_id: UUID, body: OfferAnswer, actor: ActorDep, uow: UowDep
) -> ApplicationView:
    async with uow:
        return await selection_rounds.answer_offer(uow, actor, application_id, body.accept, now())


@router.post(
    "/offers/expire",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Lapse offers past their deadline (officer)",
)
async def expire_offers(actor: ActorDep, uow: UowDep) -> ExpiredOffers:
    async with uow:
        return ExpiredOffers(expired=await selection_rounds.expire_offers(uow, actor, now()))
