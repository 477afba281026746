"""A professional's name and work e-mail, for those entitled to them by a mission or mentoring."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.contact_views import ProfessionalContact
from ..service_layer import entitlements
from .dependencies import ActorDep, ClockDep, SessionDep

router = APIRouter(prefix="/recruitment", tags=["professionals"])


@router.get(
    "/professionals/{application_id}/contact",
    responses=problems(404),
    dependencies=[Depends(allow(Role.HOST_INSTITUTION, Role.PILOT_PROJECT, Role.IOM_OFFICER))],
    summary="Name and work e-mail of the professional on your mission or mentoring your "
    "project (host institution, pilot project, officer; every read audited)",
)
async def read_contact(
    application_id: UUID, actor: ActorDep, session: SessionDep, clock: ClockDep
) -> ProfessionalContact:
    return await entitlements.read_contact(session, actor, application_id, clock.now())
