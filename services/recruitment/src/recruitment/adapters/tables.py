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
    eligibility: str = Field(sa_column=Column(Text, nullable=False))
    review_policy: str = Field(sa_column=Column(Text, nullable=False))
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
    screening: str = Field(sa_column=Column(Text, nullable=False))
    screening_override: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    erased_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    """Who did what to an application, including every staff read of personal data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor_subject: str = Field(max_length=200)
    actor_role: str = Field(max_length=40)
    action: str = Field(max_length=60)
    application_id: str = Field(max_length=36, index=True)
    detail: str = Field(sa_column=Column(Text, nullable=False))
