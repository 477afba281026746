"""Contact entitlements: folded from deployment's and grants' events, and the audited read of a
professional's name and work e-mail by the host institution or pilot project entitled to it.

Each handler runs in the consumer's transaction (the event id is recorded there too), locks the
record of its mission or grant, and applies an order-free rule (see `domain/entitlements.py`),
so a late, duplicated or out-of-order event leaves the same state as an orderly stream."""

from datetime import date, datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    GrantClosed,
    IntegrationEvent,
    MentorAssigned,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.consumer import EventHandler

from ..adapters.entitlement_repository import SqlEntitlementRepository
from ..adapters.tables import ApplicationRow
from ..domain.contact_views import ProfessionalContact
from ..domain.errors import NotFoundError
from ..domain.model import ApplicantProfile
from .common import audit

CONTACT_ENTITLEMENTS_GROUP = "recruitment.contact-entitlements"
NOT_ENTITLED = "no contact details you may read for this professional"


async def on_mission_planned(session: AsyncSession, event: MissionPlanned, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_plan(
        event.professional_id,
        event.institution_code,
        event.course_or_specialty,
        event.starts_on,
        event.ends_on,
    )
    await repository.save_mission(access)


async def on_mission_confirmed(session: AsyncSession, event: MissionConfirmed, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_confirmation(event.institution_code)
    await repository.save_mission(access)


async def on_mission_started(session: AsyncSession, event: MissionStarted, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_start(event.professional_id, event.institution_code)
    await repository.save_mission(access)


async def on_mission_extended(session: AsyncSession, event: MissionExtended, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_extension(event.ends_on, event.extended_at)
    await repository.save_mission(access)


async def on_mission_completed(session: AsyncSession, event: MissionCompleted, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_completion(
        event.starts_on, event.ends_on, event.sessions_recorded, event.hours_recorded
    )
    await repository.save_mission(access)


async def on_mission_cancelled(session: AsyncSession, event: MissionCancelled, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mission(event.mission_id)
    access.learn_cancellation(event.professional_id)
    await repository.save_mission(access)


async def on_mentor_assigned(
    session: AsyncSession, event: MentorAssigned, envelope: Envelope
) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mentor(event.grant_id, event.project_code)
    # The event carries no time of its own: its envelope's time orders reassignments.
    access.learn_assignment(event.professional_id, envelope.time)
    await repository.save_mentor(access)


async def on_grant_closed(session: AsyncSession, event: GrantClosed, _: Envelope) -> None:
    repository = SqlEntitlementRepository(session)
    access = await repository.mentor(event.grant_id, event.project_code)
    access.learn_closure()
    await repository.save_mentor(access)


HANDLERS: dict[type[IntegrationEvent], EventHandler] = {
    MissionPlanned: on_mission_planned,
    MissionConfirmed: on_mission_confirmed,
    MissionStarted: on_mission_started,
    MissionExtended: on_mission_extended,
    MissionCompleted: on_mission_completed,
    MissionCancelled: on_mission_cancelled,
    MentorAssigned: on_mentor_assigned,
    GrantClosed: on_grant_closed,
}


async def read_contact(
    session: AsyncSession, actor: Actor, application_id: UUID, at: datetime
) -> ProfessionalContact:
    """The professional's name and work e-mail, for an entitled caller; the read is audited.
    Anyone else, an erased applicant, or an application never accepted: not found."""
    row = await session.get(ApplicationRow, str(application_id))
    if row is None or row.erased_at is not None:
        raise NotFoundError(NOT_ENTITLED)
    basis = await _entitlement_basis(session, actor, application_id, at.date())
    if basis is None:
        raise NotFoundError(NOT_ENTITLED)
    audit(session, actor, "read_contact", str(application_id), org=actor.org, basis=basis)
    await session.commit()
    contact = ApplicantProfile.model_validate_json(row.profile).contact
    return ProfessionalContact(
        application_id=application_id,
        given_name=contact.given_name,
        family_name=contact.family_name,
        email=contact.email,
    )


async def _entitlement_basis(
    session: AsyncSession, actor: Actor, application_id: UUID, today: date
) -> str | None:
    """Why the caller may read, or None: officers always; a host institution through a
    confirmed mission of its own; a pilot project through the grant its mentor serves."""
    if actor.is_(Role.IOM_OFFICER):
        return "officer"
    if actor.org is None:
        return None
    repository = SqlEntitlementRepository(session)
    if actor.is_(Role.HOST_INSTITUTION):
        for mission in await repository.missions_of(application_id):
            if mission.entitles(actor.org, application_id, today):
                return f"mission {mission.mission_id}"
    if actor.is_(Role.PILOT_PROJECT):
        for mentorship in await repository.mentorships_of(application_id):
            if mentorship.entitles(actor.org, application_id):
                return f"mentoring on grant {mentorship.grant_id}"
    return None
