"""Read model of the recruitment funnel: one row per application, holding only what the funnel
counts by (track, sex, country of residence) and the stages the application reached.

No personal data beyond sex and country is kept, and only aggregates are served. When an
applicant's data is erased, their row stays for the counts under a pseudonym of the application
id (see `service_layer/erasure.py`), so the id itself is stored nowhere.
"""

from sqlmodel import Field, SQLModel


class FunnelApplication(SQLModel, table=True):
    __tablename__ = "funnel_applications"

    application_id: str = Field(
        primary_key=True,
        max_length=64,
        description="The application's id; its pseudonym once its data is erased.",
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
    screened_at: str | None = Field(
        default=None,
        max_length=32,
        description="UTC ISO 8601 time of the screening `eligible` comes from: a screening "
        "delivered late never replaces a newer one.",
    )
    reviewed: bool = False
    offered: bool = False
    accepted: bool = False
    withdrawn: bool = False
    declined: bool = False
    expired: bool = False
