"""What grants knows of a mentor: whether recruitment still counts them in, their missions in
Rwanda, and the in-person sessions no known mission covers (flagged until a mission event that
covers them arrives)."""

from datetime import date
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.repository import SqlMentorRegistry
from ..adapters.tables import GrantApplicationRow
from ..domain.errors import NotFoundError
from ..domain.grant import GrantApplication
from ..domain.missions import on_mission
from ..domain.requests import FlaggedSession, MentorView, MissionView
from .missions import missions_of


async def mentor_view(session: AsyncSession, professional_id: UUID, today: date) -> MentorView:
    status = await SqlMentorRegistry(session).status(professional_id)
    if status is None:
        raise NotFoundError(f"mentor {professional_id} not found")
    missions = await missions_of(session, professional_id)
    flagged = [
        FlaggedSession(grant_id=grant.application_id, held_on=held.held_on, minutes=held.minutes)
        for grant in await _mentored(session, professional_id)
        for held in grant.follow_up.sessions
        if held.professional_id == professional_id
        and held.in_person
        and not on_mission(missions, held.held_on)
    ]
    return MentorView(
        professional_id=professional_id,
        status=status,
        in_rwanda_today=on_mission(missions, today),
        missions=[MissionView(**mission.model_dump()) for mission in missions],
        unconfirmed_in_person_sessions=flagged,
    )


async def _mentored(session: AsyncSession, professional_id: UUID) -> list[GrantApplication]:
    query = select(GrantApplicationRow.document).where(
        col(GrantApplicationRow.mentor_id) == str(professional_id)
    )
    documents = (await session.exec(query)).all()
    return [GrantApplication.model_validate_json(document) for document in documents]
