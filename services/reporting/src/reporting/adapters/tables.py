"""Read model of accepted professionals: small aggregates, no personal data, no application ids."""

from sqlmodel import Field, SQLModel


class TrackTarget(SQLModel, table=True):
    """One row per call: what it aims at; the latest announcement of the call wins."""

    __tablename__ = "track_targets"

    call_id: str = Field(primary_key=True, max_length=36)
    track: str = Field(max_length=20, index=True)
    title: str = Field(default="", max_length=200)
    target: int
    women_share_goal: float


class AcceptedCount(SQLModel, table=True):
    """Accepted professionals per track and sex: acceptances less withdrawals after acceptance.
    Both are signed steps of one counter, so the count is right whatever order they arrive in
    (it may dip below zero while a withdrawal waits for its acceptance)."""

    __tablename__ = "accepted_counters"

    counter_key: str = Field(primary_key=True, max_length=40, description="track:sex")
    track: str = Field(max_length=20)
    sex: str = Field(max_length=10)
    accepted: int = 0
