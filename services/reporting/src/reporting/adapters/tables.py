"""Reporting's read models: small aggregates, no personal data."""

from sqlmodel import Field, SQLModel


class TrackTarget(SQLModel, table=True):
    """One row per call: what each track aims at."""

    __tablename__ = "track_targets"

    call_id: str = Field(primary_key=True, max_length=36)
    track: str = Field(max_length=20, index=True)
    target: int
    women_share_goal: float


class AcceptedCount(SQLModel, table=True):
    """Accepted professionals per track and sex."""

    __tablename__ = "accepted_counts"

    track: str = Field(primary_key=True, max_length=20)
    sex: str = Field(primary_key=True, max_length=10)
    accepted: int = 0
