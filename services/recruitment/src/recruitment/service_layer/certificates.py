"""The certificate of service, named: recruitment holds the name, deployment's completion event
the facts. Issued to the professional themself or an officer; every issue audited."""

from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..adapters.certificate_pdf import certificate_pdf
from ..adapters.entitlement_repository import SqlEntitlementRepository
from ..domain.certificate import certificate_of
from ..domain.errors import NotFoundError
from ..domain.model import ApplicantProfile
from .common import audit, ensure_owner, find_application


async def certificate(
    session: AsyncSession, actor: Actor, application_id: UUID, mission_id: UUID
) -> bytes:
    row = await find_application(session, application_id)
    if not actor.is_(Role.IOM_OFFICER):
        ensure_owner(actor, row)
    missions = await SqlEntitlementRepository(session).missions_of(application_id)
    mission = next((m for m in missions if m.mission_id == mission_id), None)
    if row.erased_at is not None or mission is None:
        raise NotFoundError(f"no mission {mission_id} of application {application_id}")
    stated = certificate_of(ApplicantProfile.model_validate_json(row.profile).contact, mission)
    audit(session, actor, "issue_certificate", str(application_id), mission=str(mission_id))
    await session.commit()
    return certificate_pdf(stated)
