"""Activity records in and out of their table; rows are only ever added. A record is corrected
at most once: the `corrects` column is unique, so two concurrent corrections cannot both land."""

import json
from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.activity import ActivityKind, ActivityRecord
from .tables import ActivityRow


class SqlActivities:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, record_id: UUID) -> ActivityRecord | None:
        row = await self._session.get(ActivityRow, str(record_id))
        return _record_of(row) if row else None

    async def is_corrected(self, record_id: UUID) -> bool:
        query = select(ActivityRow.record_id).where(col(ActivityRow.corrects) == str(record_id))
        return (await self._session.exec(query)).first() is not None

    async def of_mission(self, mission_id: UUID) -> list[ActivityRecord]:
        query = (
            select(ActivityRow)
            .where(col(ActivityRow.mission_id) == str(mission_id))
            .order_by(col(ActivityRow.recorded_at))
        )
        return [_record_of(row) for row in (await self._session.exec(query)).all()]

    def add(self, record: ActivityRecord) -> None:
        self._session.add(
            ActivityRow(
                record_id=str(record.record_id),
                mission_id=str(record.mission_id),
                kind=record.kind.value,
                occurred_on=record.occurred_on,
                details=json.dumps(record.details),
                recorded_at=record.recorded_at,
                recorded_by=record.recorded_by,
                corrects=str(record.corrects) if record.corrects else None,
            )
        )


def _record_of(row: ActivityRow) -> ActivityRecord:
    return ActivityRecord(
        record_id=UUID(row.record_id),
        mission_id=UUID(row.mission_id),
        kind=ActivityKind(row.kind),
        occurred_on=row.occurred_on,
        details=json.loads(row.details),
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        corrects=UUID(row.corrects) if row.corrects else None,
    )
