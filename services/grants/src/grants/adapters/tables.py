"""Grants' own tables. An aggregate is kept as its JSON document beside the columns queries
and locks need; payments get a table of their own so the database itself refuses a second
payment of a tranche or a payment reference used twice."""

from datetime import date

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class GrantCallRow(SQLModel, table=True):
    __tablename__ = "grant_calls"

    call_id: str = Field(primary_key=True, max_length=36)
    document: str = Field(sa_column=Column(Text, nullable=False))


class GrantApplicationRow(SQLModel, table=True):
    __tablename__ = "grant_applications"
    __table_args__ = (UniqueConstraint("call_id", "project_code"),)

    application_id: str = Field(primary_key=True, max_length=36)
    call_id: str = Field(foreign_key="grant_calls.call_id", index=True, max_length=36)
    project_code: str = Field(index=True, max_length=200)
    mentor_id: str | None = Field(default=None, index=True, max_length=36)
    document: str = Field(sa_column=Column(Text, nullable=False))


class MentorRow(SQLModel, table=True):
    """Professionals recruitment accepted, known by their pseudonymous id only."""

    __tablename__ = "mentors"

    professional_id: str = Field(primary_key=True, max_length=36)
    status: str = Field(max_length=20)
    person_ref: str | None = Field(default=None, index=True, max_length=64)


class DisbursementRow(SQLModel, table=True):
    __tablename__ = "disbursements"
    __table_args__ = (UniqueConstraint("grant_id", "tranche"),)

    payment_reference: str = Field(primary_key=True, max_length=100)
    grant_id: str = Field(foreign_key="grant_applications.application_id", max_length=36)
    tranche: int
    minor_units: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    disbursed_on: date


class MentorMissionRow(SQLModel, table=True):
    """A mission of deployment's, merged from its events in whatever order they arrive."""

    __tablename__ = "mentor_missions"

    mission_id: str = Field(primary_key=True, max_length=36)
    professional_id: str | None = Field(default=None, index=True, max_length=36)
    started_on: date | None = None
    ends_on: date | None = None
    ended_on: date | None = None
