"""Loads and stores the mission and mentor access records behind the entitlement rules."""

from dataclasses import asdict
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.entitlements import MentorAccess, MissionAccess
from .entitlement_tables import MentorAccessRow, MissionAccessRow
from .repository import aware


class SqlEntitlementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def mission(self, mission_id: UUID) -> MissionAccess:
        """The mission's record, locked for the event being applied; a blank one if new."""
        row = await self.session.get(
            MissionAccessRow, str(mission_id), with_for_update=True, populate_existing=True
        )
        return MissionAccess(mission_id) if row is None else _mission_from(row)

    async def save_mission(self, access: MissionAccess) -> None:
        fields = asdict(access)
        fields["mission_id"] = str(access.mission_id)
        fields["application_id"] = str(access.application_id) if access.application_id else None
        await self.session.merge(MissionAccessRow(**fields))

    async def mentor(self, grant_id: UUID, project_code: str) -> MentorAccess:
        row = await self.session.get(
            MentorAccessRow, str(grant_id), with_for_update=True, populate_existing=True
        )
        return MentorAccess(grant_id, project_code) if row is None else _mentor_from(row)

    async def save_mentor(self, access: MentorAccess) -> None:
        fields = asdict(access)
        fields["grant_id"] = str(access.grant_id)
        fields["application_id"] = str(access.application_id) if access.application_id else None
        await self.session.merge(MentorAccessRow(**fields))

    async def missions_of(self, application_id: UUID) -> list[MissionAccess]:
        rows = await self.session.exec(
            select(MissionAccessRow).where(
                col(MissionAccessRow.application_id) == str(application_id)
            )
        )
        return [_mission_from(row) for row in rows.all()]

    async def mentorships_of(self, application_id: UUID) -> list[MentorAccess]:
        rows = await self.session.exec(
            select(MentorAccessRow).where(
                col(MentorAccessRow.application_id) == str(application_id)
            )
        )
        return [_mentor_from(row) for row in rows.all()]


def _mission_from(row: MissionAccessRow) -> MissionAccess:
    return MissionAccess(
        mission_id=UUID(row.mission_id),
        application_id=UUID(row.application_id) if row.application_id else None,
        institution_code=row.institution_code,
        ends_on=row.ends_on,
        end_known_at=aware(row.end_known_at) if row.end_known_at else None,
        end_final=row.end_final,
        confirmed=row.confirmed,
        cancelled=row.cancelled,
        starts_on=row.starts_on,
        course_or_specialty=row.course_or_specialty,
        completed=row.completed,
        sessions_recorded=row.sessions_recorded,
        hours_recorded=row.hours_recorded,
    )


def _mentor_from(row: MentorAccessRow) -> MentorAccess:
    return MentorAccess(
        grant_id=UUID(row.grant_id),
        project_code=row.project_code,
        application_id=UUID(row.application_id) if row.application_id else None,
        assigned_at=aware(row.assigned_at) if row.assigned_at else None,
        closed=row.closed,
    )
