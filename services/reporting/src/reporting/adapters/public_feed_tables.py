"""The public events already derived, by their deterministic id.

The consumer's `processed_events` forgets ids after the redelivery horizon and belongs to one
consumer group; this ledger is kept, so replaying the domain topics (a reset group, a new
version of the feed) never puts a public event on the outbox twice.
"""

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class PublishedPublicEvent(SQLModel, table=True):
    __tablename__ = "public_feed_published"

    event_id: str = Field(primary_key=True, max_length=36, description="The public event's id.")
    event_type: str = Field(max_length=200)
    source_event_id: str = Field(max_length=100, description="The domain event it came from.")
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
