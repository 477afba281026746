"""Selection and offer routes."""

from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.model import ApplicationView
from ..domain.selection_views import OfferAnswer, ProposalView, SelectionConfirmation
from ..service_layer import applications, offers, selection_rounds
from ..service_layer.unit_of_work import SqlRecruitmentUnitOfWork
from .dependencies import ActorDep, ClockDep, RuntimeDep, SessionDep, UowDep

router = APIRouter(prefix="/recruitment", tags=["selection"])


class ExpiredOffers(BaseModel):
    expired: int


@router.get(
    "/calls/{call_id}/selection",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="The ranking and selection proposal (officer)",
)
async def selection_proposal(call_id: UUID, actor: ActorDep, session: SessionDep) -> ProposalView:
    return await selection_rounds.selection_proposal(session, actor, call_id)


@router.post(
    "/calls/{call_id}/selection/confirm",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Confirm and send offers (officer)",
)
async def confirm_selection(
    call_id: UUID, body: SelectionConfirmation, actor: ActorDep, uow: UowDep, clock: ClockDep
) -> ProposalView:
    async with uow:
        return await selection_rounds.confirm_selection(
            SqlRecruitmentUnitOfWork(uow), actor, call_id, body.valid_hours, clock.now()
        )


@router.post(
    "/applications/{application_id}/offer",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Accept or decline your offer",
)
async def answer_offer(
    application_id: UUID,
    body: OfferAnswer,
    actor: ActorDep,
    uow: UowDep,
    clock: ClockDep,
    runtime: RuntimeDep,
) -> ApplicationView:
    async with uow:
        return await applications.answer_offer(
            SqlRecruitmentUnitOfWork(uow),
            actor,
            application_id,
            body.accept,
            clock.now(),
            runtime.settings.person_ref_key,
        )


@router.post(
    "/offers/expire",
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Lapse offers past their deadline (officer)",
)
async def expire_offers(actor: ActorDep, uow: UowDep, clock: ClockDep) -> ExpiredOffers:
    async with uow:
        return ExpiredOffers(
            expired=await offers.expire_offers(SqlRecruitmentUnitOfWork(uow), actor, clock.now())
        )
