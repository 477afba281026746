"""What recruitment serves about a professional to others: their name and work e-mail to those
entitled by a mission or mentoring, and their named certificate of service."""

from uuid import UUID

from fastapi import APIRouter, Depends, Response

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.contact_views import ProfessionalContact
from ..service_layer import certificates, entitlements
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


@router.get(
    "/applications/{application_id}/missions/{mission_id}/certificate",
    responses={**problems(404, 409), 200: {"content": {"application/pdf": {}}}},
    response_class=Response,
    dependencies=[Depends(allow(Role.APPLICANT, Role.IOM_OFFICER))],
    summary="Certificate of service of a completed mission, as PDF (the professional, officer; "
    "audited)",
)
async def certificate_of_service(
    application_id: UUID, mission_id: UUID, actor: ActorDep, session: SessionDep
) -> Response:
    pdf = await certificates.certificate(session, actor, application_id, mission_id)
    filename = f"certificate-{mission_id}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
