"""Personal data rights over HTTP: export and erasure, for oneself or (officers) on request."""

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.personal_data import ErasureReceipt, PersonalDataExport
from ..service_layer import personal_data
from .dependencies import ActorDep, SessionDep, UowDep

router = APIRouter(prefix="/recruitment", tags=["personal data"])


# The "me" routes come first, so "me" is never read as someone's subject.
@router.get(
    "/applicants/me/personal-data",
    responses=problems(404),
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Everything held about you (applicant)",
)
async def export_my_data(actor: ActorDep, session: SessionDep) -> PersonalDataExport:
    return await personal_data.export_personal_data(session, actor, actor.subject)


@router.post(
    "/applicants/me/erasure",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.APPLICANT))],
    summary="Erase your personal data (applicant)",
)
async def erase_my_data(actor: ActorDep, uow: UowDep) -> ErasureReceipt:
    async with uow:
        return await personal_data.erase_personal_data(uow, actor, actor.subject)


@router.get(
    "/applicants/{subject}/personal-data",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Everything held about a person, on their request (officer; audited)",
)
async def export_personal_data(
    subject: str, actor: ActorDep, session: SessionDep
) -> PersonalDataExport:
    return await personal_data.export_personal_data(session, actor, subject)


@router.post(
    "/applicants/{subject}/erasure",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="Erase a person's personal data, on their request (officer; audited)",
)
async def erase_personal_data(subject: str, actor: ActorDep, uow: UowDep) -> ErasureReceipt:
    async with uow:
        return await personal_data.erase_personal_data(uow, actor, subject)
