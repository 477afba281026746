"""Deployment's own tables. Professionals appear by pseudonymous id only: no name or contact."""

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class HostRequestRow(SQLModel, table=True):
    __tablename__ = "host_requests"

    request_id: str = Field(primary_key=True, max_length=36)
    institution_code: str = Field(index=True, max_length=40)
    track: str = Field(max_length=20)
    course_or_specialty: str = Field(max_length=200)
    expertise: str = Field(sa_column=Column(Text, nullable=False))
    language: str = Field(max_length=5)
    starts_on: date
    ends_on: date
    professionals_wanted: int
    expected_participants: int
    submitted_at: datetime
    status: str = Field(max_length=20)
    return_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ProfessionalRow(SQLModel, table=True):
    __tablename__ = "professionals"

    professional_id: str = Field(primary_key=True, max_length=36)
    track: str = Field(max_length=20)
    sex: str = Field(max_length=10)
    country_of_residence: str = Field(max_length=2)
    languages: str = Field(sa_column=Column(Text, nullable=False))
    courses_or_specialties: str = Field(sa_column=Column(Text, nullable=False))
    available_from: date
    available_until: date
    status: str = Field(max_length=20)
    person_ref: str | None = Field(default=None, index=True, max_length=43)


class MissionRow(SQLModel, table=True):
    __tablename__ = "missions"

    mission_id: str = Field(primary_key=True, max_length=36)
    request_id: str = Field(index=True, max_length=36)
    institution_code: str = Field(index=True, max_length=40)
    professional_id: str = Field(index=True, max_length=36)
    track: str = Field(max_length=20)
    course_or_specialty: str = Field(max_length=200)
    starts_on: date
    ends_on: date
    status: str = Field(max_length=20)
    logistics: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    cancellation: str | None = Field(default=None, max_length=40)
    cancellation_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    person_ref: str | None = Field(default=None, index=True, max_length=43)


class ActivityRow(SQLModel, table=True):
    __tablename__ = "activity_records"

    record_id: str = Field(primary_key=True, max_length=36)
    mission_id: str = Field(index=True, max_length=36)
    kind: str = Field(max_length=30)
    occurred_on: date
    details: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime
    recorded_by: str = Field(max_length=40)
    corrects: str | None = Field(default=None, max_length=36, unique=True)


class EndReportRow(SQLModel, table=True):
    __tablename__ = "mission_end_reports"

    mission_id: str = Field(primary_key=True, max_length=36)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    achievements: str = Field(sa_column=Column(Text, nullable=False))
    challenges: str = Field(sa_column=Column(Text, nullable=False))
    recommendations: str = Field(sa_column=Column(Text, nullable=False))
    submitted_at: datetime


class InstitutionRow(SQLModel, table=True):
    """An added hospital, or a reference institution whose courses an officer edited."""

    __tablename__ = "host_institutions"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(default="", max_length=200)
    district: str = Field(default="", max_length=200)
    track: str = Field(default="", max_length=20)
    courses: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    added: bool = False
