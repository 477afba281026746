"""Where a batch rebuild of the read model stands: the next offset to read per topic-partition,
written in the same transaction as the read-model rows it produced."""

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class ProjectionOffset(SQLModel, table=True):
    __tablename__ = "projection_offsets"

    projection: str = Field(primary_key=True, max_length=100)
    topic: str = Field(primary_key=True, max_length=255)
    partition: int = Field(primary_key=True)
    next_offset: int = Field(sa_column=Column(BigInteger, nullable=False))
