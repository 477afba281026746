"""Read models the indicators need beyond the other projections', and what each projection
includes (for the "as of" line of every report).

`indicator_facts` holds, under one string key, who a deployed professional is for the
disaggregations (track, sex, country of residence: no name, no id, only a pseudonym of the
application id), which professional and course a mission serves, and per grant the facts the
grant-progress read model does not keep (sector, sessions held, still operating at 12 months).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Text
from sqlmodel import Field, SQLModel


class IndicatorFact(SQLModel, table=True):
    __tablename__ = "indicator_facts"

    fact_key: str = Field(
        primary_key=True,
        max_length=100,
        description="professional:<pseudonym>|mission:<id>|grant:<id>",
    )
    facts: str = Field(sa_column=Column(Text, nullable=False), description="JSON object")


class ProjectionPosition(SQLModel, table=True):
    """Per projection and topic-partition, the last offset the live subscriber applied and the
    time of the newest event it applied there."""

    __tablename__ = "projection_positions"

    projection: str = Field(primary_key=True, max_length=100)
    topic: str = Field(primary_key=True, max_length=255)
    partition: int = Field(primary_key=True)
    last_offset: int = Field(sa_column=Column(BigInteger, nullable=False))
    newest_event_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
