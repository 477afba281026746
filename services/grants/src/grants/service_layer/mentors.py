"""Recruitment's accepted professionals become available mentors; one who withdraws or is
erased is no longer available, and the projects they mentored are flagged for a replacement.
Each handler runs in the consumer's transaction, which records the event id: a redelivered
event changes nothing more."""

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
)

from ..adapters.repository import SqlGrantRepository, SqlMentorRegistry
from .follow_up import AVAILABLE, ERASED, WITHDRAWN


async def on_applicant_accepted(
    session: AsyncSession, event: ApplicantAccepted, _envelope: Envelope
) -> None:
    registry = SqlMentorRegistry(session)
    status = await registry.status(event.application_id)
    await registry.set_status(event.application_id, status or AVAILABLE, event.person_ref)


async def on_applicant_withdrew(
    session: AsyncSession, event: ApplicantWithdrew, _envelope: Envelope
) -> None:
    await SqlMentorRegistry(session).set_status(event.application_id, WITHDRAWN)
    await _flag_mentored_projects(session, event)


async def on_applicant_data_erased(
    session: AsyncSession, event: ApplicantDataErased, _envelope: Envelope
) -> None:
    await SqlMentorRegistry(session).set_status(event.application_id, ERASED)
    await _flag_mentored_projects(session, event)


async def _flag_mentored_projects(
    session: AsyncSession, event: ApplicantWithdrew | ApplicantDataErased
) -> None:
    grants = SqlGrantRepository(session)
    for grant in await grants.with_mentor(event.application_id):
        grant.follow_up.mentor_left(event.application_id)
    grants.write_back()
