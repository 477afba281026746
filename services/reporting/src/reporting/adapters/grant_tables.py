"""Reporting's read model of grants: one row per grant, figures only (no personal data)."""

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class GrantProgress(SQLModel, table=True):
    __tablename__ = "grant_progress"

    grant_id: str = Field(primary_key=True, max_length=36)
    project_code: str = Field(max_length=200, index=True)
    currency: str = Field(max_length=3)
    awarded_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    disbursed_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    tranches_paid: int = 0
    tranches_on_time: int = 0
    mentoring_minutes: int = 0
    jobs_6_total: int | None = None
    jobs_6_women: int | None = None
    jobs_6_youth: int | None = None
    jobs_12_total: int | None = None
    jobs_12_women: int | None = None
    jobs_12_youth: int | None = None
