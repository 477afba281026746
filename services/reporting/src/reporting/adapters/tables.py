"""Read model of accepted professionals: the calls with their targets and goals, and one row per
accepted application with the facts the report counts by. No personal data beyond sex."""

from sqlmodel import Field, SQLModel


class TrackTarget(SQLModel, table=True):
    """One row per call: what it aims at; the latest announcement of the call wins."""

    __tablename__ = "track_targets"

    call_id: str = Field(primary_key=True, max_length=36)
    track: str = Field(max_length=20, index=True)
    title: str = Field(default="", max_length=200)
    target: int
    women_share_goal: float


class AcceptedApplication(SQLModel, table=True):
    """One row per application that was accepted or withdrew after acceptance. It counts while
    accepted and not withdrawn, whatever order the two events arrive in."""

    __tablename__ = "accepted_applications"

    application_id: str = Field(
        primary_key=True,
        max_length=64,
        description="The application's id; its pseudonym once the applicant's data is erased.",
    )
    call_id: str = Field(max_length=36, index=True)
    track: str = Field(max_length=20)
    sex: str = Field(max_length=10)
    accepted: bool = False
    withdrawn: bool = False
