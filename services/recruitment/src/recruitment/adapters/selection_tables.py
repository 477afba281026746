"""Recruitment's review, selection and offer tables."""

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class ReviewAssignmentRow(SQLModel, table=True):
    """A reviewer assigned to an application, their conflict declaration and their scores."""

    __tablename__ = "review_assignments"

    application_id: str = Field(primary_key=True, max_length=36)
    reviewer_subject: str = Field(primary_key=True, max_length=200)
    assigned_at: datetime
    assigned_by: str = Field(max_length=200)
    conflict_reason: str | None = Field(default=None, max_length=2000)
    scores: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    weighted_score: float | None = None
    submitted_at: datetime | None = None


class SelectionRow(SQLModel, table=True):
    """A call's confirmed selection; the proposal is kept as it evolves with replacements."""

    __tablename__ = "selections"

    call_id: str = Field(primary_key=True, max_length=36)
    confirmed_at: datetime
    confirmed_by: str = Field(max_length=200)
    offer_valid_days: int = Field(description="Kept for selections confirmed before hours.")
    offer_valid_hours: int | None = None
    proposal: str = Field(sa_column=Column(Text, nullable=False))


class OfferRow(SQLModel, table=True):
    __tablename__ = "offers"

    application_id: str = Field(primary_key=True, max_length=36)
    call_id: str = Field(index=True, max_length=36)
    status: str = Field(max_length=20)
    made_at: datetime
    deadline: datetime
    answered_at: datetime | None = None
    from_waiting_list: bool = False
