"""Recruitment's record of other services' missions and grants: only what decides who may read a
professional's contact details (no personal data of its own)."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class MissionAccessRow(SQLModel, table=True):
    __tablename__ = "mission_access"

    mission_id: str = Field(primary_key=True, max_length=36)
    application_id: str | None = Field(default=None, index=True, max_length=36)
    institution_code: str | None = Field(default=None, max_length=40)
    ends_on: date | None = None
    end_known_at: datetime | None = None
    end_final: bool = False
    confirmed: bool = False
    cancelled: bool = False
    starts_on: date | None = None
    course_or_specialty: str | None = Field(default=None, max_length=200)
    completed: bool = False
    sessions_recorded: int = 0
    hours_recorded: float = 0


class MentorAccessRow(SQLModel, table=True):
    __tablename__ = "mentor_access"

    grant_id: str = Field(primary_key=True, max_length=36)
    project_code: str = Field(max_length=40)
    application_id: str | None = Field(default=None, index=True, max_length=36)
    assigned_at: datetime | None = None
    closed: bool = False
