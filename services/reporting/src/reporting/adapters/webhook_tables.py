"""Partners' webhook subscriptions and the deliveries made to them.

A delivery row is created per approved subscription and public event when the event arrives,
and is the delivery log: its state (pending, delivered, failed) and its last attempt's outcome.
`seq` orders deliveries of one subscription and key, so a later event waits for an earlier one.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class WebhookSubscriptionRow(SQLModel, table=True):
    __tablename__ = "webhook_subscriptions"

    subscription_id: str = Field(primary_key=True, max_length=36)
    organisation: str = Field(max_length=50, index=True)
    url: str = Field(max_length=2000)
    event_types: str = Field(sa_column=Column(Text, nullable=False), description="JSON list.")
    # HMAC needs the key itself; it is shown to the partner once and never returned again.
    secret: str = Field(max_length=100)
    status: str = Field(max_length=20, description="pending, approved")
    registered_by: str = Field(max_length=200)
    registered_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    approved_by: str | None = Field(default=None, max_length=200)
    approved_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class WebhookDeliveryRow(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "event_id"),)

    seq: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    delivery_id: str = Field(max_length=36, unique=True)
    subscription_id: str = Field(max_length=36, foreign_key="webhook_subscriptions.subscription_id")
    event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=200)
    event_key: str = Field(max_length=200, description="The public record's key (an organisation).")
    body: str = Field(sa_column=Column(Text, nullable=False), description="The exact bytes POSTed.")
    status: str = Field(max_length=20, description="pending, delivered, failed")
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    lease_until: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_outcome: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
