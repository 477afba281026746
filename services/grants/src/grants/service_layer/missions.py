"""Deployment's mission events tell grants when a mentor is in Rwanda. Each handler merges what
its event says into the mission's row, so any order and any redelivery give the same row; the
consumer records each event id in the same transaction."""

from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    MissionCancelled,
    MissionCompleted,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)

from ..adapters.tables import MentorMissionRow
from ..domain.missions import MissionWindow, later


async def _row(session: AsyncSession, mission_id: UUID) -> MentorMissionRow:
    row = await session.get(MentorMissionRow, str(mission_id), with_for_update=True)
    return row or MentorMissionRow(mission_id=str(mission_id))


async def on_mission_planned(
    session: AsyncSession, event: MissionPlanned, _envelope: Envelope
) -> None:
    row = await _row(session, event.mission_id)
    row.professional_id = str(event.professional_id)
    row.ends_on = later(row.ends_on, event.ends_on)
    session.add(row)


async def on_mission_started(
    session: AsyncSession, event: MissionStarted, _envelope: Envelope
) -> None:
    row = await _row(session, event.mission_id)
    row.professional_id = str(event.professional_id)
    row.started_on = event.started_at.date()
    session.add(row)


async def on_mission_extended(
    session: AsyncSession, event: MissionExtended, _envelope: Envelope
) -> None:
    row = await _row(session, event.mission_id)
    row.ends_on = later(row.ends_on, event.ends_on)
    session.add(row)


async def on_mission_completed(
    session: AsyncSession, event: MissionCompleted, _envelope: Envelope
) -> None:
    row = await _row(session, event.mission_id)
    row.started_on = row.started_on or event.starts_on
    row.ended_on = event.ends_on
    session.add(row)


async def on_mission_cancelled(
    session: AsyncSession, event: MissionCancelled, _envelope: Envelope
) -> None:
    row = await _row(session, event.mission_id)
    row.professional_id = str(event.professional_id)
    row.ended_on = row.ended_on or event.cancelled_at.date()
    session.add(row)


async def missions_of(session: AsyncSession, professional_id: UUID) -> list[MissionWindow]:
    query = select(MentorMissionRow).where(
        col(MentorMissionRow.professional_id) == str(professional_id)
    )
    rows = (await session.exec(query)).all()
    return [
        MissionWindow(
            mission_id=UUID(row.mission_id),
            started_on=row.started_on,
            ends_on=row.ends_on,
            ended_on=row.ended_on,
        )
        for row in rows
    ]
