"""Read model of the recruitment funnel: one row per application, holding only what the funnel
counts by (track, sex, country of residence) and the stages the application reached.

No personal data beyond sex and country is kept, and only aggregates are served. When an
applicant's data is erased, their row stays for the counts but its key is replaced by a fresh
random id, so nothing here can be tied back to the application any more.
"""

from sqlmodel import Field, SQLModel


class FunnelApplication(SQLModel, table=True):
    __tablename__ = "funnel_applications"

    application_id: str = Field(
        primary_key=True,
        max_length=36,
        description="The application's id; a random id, unrelated to it, once its data is erased.",
    )
    call_id: str = Field(max_length=36)
    track: str = Field(max_length=20, index=True)
    sex: str = Field(max_length=10)
    country_of_residence: str | None = Field(
        default=None,
        max_length=2,
        description="ISO 3166-1 alpha-2; null while only events without it were seen.",
    )
    eligible: bool | None = Field(default=None, description="Null until screened.")
    reviewed: bool = False
    offered: bool = False
    accepted: bool = False
    withdrawn: bool = False
    declined: bool = False
    expired: bool = False
