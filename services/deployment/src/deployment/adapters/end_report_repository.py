"""End reports in and out of their table; the mission id is the key, so a second one cannot be
stored even if two arrive at once."""

from dataclasses import asdict
from uuid import UUID

from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.end_report import EndReport
from .tables import EndReportRow


class SqlEndReports:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, mission_id: UUID) -> EndReport | None:
        row = await self._session.get(EndReportRow, str(mission_id))
        if row is None:
            return None
        fields = row.model_dump()
        return EndReport(**{**fields, "mission_id": UUID(row.mission_id)})

    def add(self, report: EndReport) -> None:
        self._session.add(EndReportRow(**{**asdict(report), "mission_id": str(report.mission_id)}))

    async def remove(self, mission_id: UUID) -> None:
        await self._session.exec(
            delete(EndReportRow).where(col(EndReportRow.mission_id) == str(mission_id))
        )
