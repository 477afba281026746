"""Recruitment's own tables. Contact details live only here."""

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class CallRow(SQLModel, table=True):
    __tablename__ = "calls"

    call_id: str = Field(primary_key=True, max_length=36)
    track: str = Field(max_length=20)
    title: str = Field(max_length=200)
    target: int
    women_share_goal: float
    courses_or_specialties: str = Field(sa_column=Column(Text, nullable=False))
    opens_on: date
    closes_on: date
    created_at: datetime


class ApplicationRow(SQLModel, table=True):
    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("call_id", "applicant_subject"),)

    application_id: str = Field(primary_key=True, max_length=36)
    call_id: str = Field(foreign_key="calls.call_id", index=True, max_length=36)
    applicant_subject: str = Field(max_length=200)
    status: str = Field(max_length=20)
    profile: str = Field(sa_column=Column(Text, nullable=False))
    submitted_at: datetime
    decided_at: datetime | None = None
