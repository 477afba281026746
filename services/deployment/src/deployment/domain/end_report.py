"""The professional's end report of a mission: written once, at or after its last day, kept in
deployment (it is free text) and read by the host and IOM's officers."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from diaspora_shared.contracts.text import SafeText
from diaspora_shared.domain.errors import ConflictError, NotFoundError

from .errors import StateConflict
from .mission import RUNNING, Mission, MissionStatus


class EndReportExists(ConflictError):
    code = "end_report.already_submitted"


class EndReportNotFound(NotFoundError):
    code = "end_report.not_found"


class EndReportSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    summary: SafeText = Field(min_length=1, description="What the mission was about, in short.")
    achievements: SafeText = Field(min_length=1)
    challenges: SafeText = Field(min_length=1)
    recommendations: SafeText = Field(min_length=1)


class EndReportView(EndReportSpec):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mission_id: UUID
    submitted_at: datetime


@dataclass(frozen=True)
class EndReport:
    mission_id: UUID
    summary: str
    achievements: str
    challenges: str
    recommendations: str
    submitted_at: datetime

    def view(self) -> EndReportView:
        return EndReportView(
            mission_id=self.mission_id,
            summary=self.summary,
            achievements=self.achievements,
            challenges=self.challenges,
            recommendations=self.recommendations,
            submitted_at=self.submitted_at,
        )


def ensure_reportable(mission: Mission, earlier: EndReport | None, at: datetime) -> None:
    """Once per mission, when it is completed or running on (or past) its last day."""
    if earlier is not None:
        raise EndReportExists("the end report of this mission was already submitted")
    if mission.status is MissionStatus.COMPLETED:
        return
    if mission.status in RUNNING and at.date() >= mission.period.ends_on:
        return
    raise StateConflict(
        f"an end report is submitted from the mission's last day on; it is {mission.status.value}"
    )
