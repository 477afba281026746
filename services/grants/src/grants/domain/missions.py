"""When a mentor is in Rwanda, from deployment's mission events. Events may arrive late or out
of order, so a mission is a merge of what each event says, and an in-person session on a day
no known mission covers is flagged, never refused."""

from datetime import date
from uuid import UUID

from pydantic import BaseModel


class MissionWindow(BaseModel):
    mission_id: UUID
    started_on: date | None = None
    """The arrival the host confirmed; before it, the mentor is not known to be in Rwanda."""
    ends_on: date | None = None
    """The last planned day, the latest extension included."""
    ended_on: date | None = None
    """The day it completed or was cancelled, which wins over the plan."""

    def covers(self, day: date) -> bool:
        if self.started_on is None or day < self.started_on:
            return False
        last = self.ended_on or self.ends_on
        return last is None or day <= last


def on_mission(missions: list[MissionWindow], day: date) -> bool:
    return any(mission.covers(day) for mission in missions)


def later(known: date | None, told: date) -> date:
    """Extensions only move the end later, so the latest date told is the plan."""
    return told if known is None or known < told else known
