"""Read model of deployment: one row per mission and per activity record, under one string
key, holding the facts the report sums (no professional id, no free text)."""

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class DeploymentFact(SQLModel, table=True):
    __tablename__ = "deployment_facts"

    fact_key: str = Field(primary_key=True, max_length=80, description="mission:<id>|record:<id>")
    institution_code: str = Field(max_length=40, index=True)
    kind: str = Field(max_length=30)
    facts: str = Field(sa_column=Column(Text, nullable=False), description="JSON object")
