"""Transactional outbox: events are rows written in the same transaction as the state change.

`UnitOfWork.record` adds the row inside the caller's transaction; `OutboxRelay` publishes
committed rows in insertion order, marks them sent and retries what failed, so an event is
published at least once and never before its state change is durable.

A row is in one of three states: pending (`sent_at` and `parked_at` empty), sent (`sent_at`
set), or parked (`parked_at` set: Kafka refused it `attempts` times, `park_reason` says why).
Rows of the key of a parked row wait until it is released, so each aggregate keeps its order.
"""

import json
from datetime import UTC, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from ..contracts.envelope import envelope_for
from ..contracts.events import IntegrationEvent
from .tracing import trace_headers


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_messages"

    seq: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True, max_length=36)
    topic: str = Field(max_length=200)
    message_key: str = Field(max_length=200)
    event_type: str = Field(max_length=200)
    headers: str = Field(sa_column=Column(Text, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    sent_at: datetime | None = Field(default=None, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=1000)
    parked_at: datetime | None = None
    park_reason: str | None = Field(default=None, max_length=1000)

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        return [(name, value.encode()) for name, value in json.loads(self.headers)]


def stored_headers(headers: list[tuple[str, bytes]]) -> str:
    """The record's headers as the row keeps them, with the trace of the transaction that
    wrote the row: the relay publishes later, outside that trace, and must not lose it."""
    pairs = [(name, value.decode()) for name, value in headers]
    return json.dumps(pairs + list(trace_headers().items()))


def outbox_message_for(
    event: IntegrationEvent, *, source: str, correlation_id: str | None = None
) -> OutboxMessage:
    envelope = envelope_for(event, source=source, correlation_id=correlation_id)
    return OutboxMessage(
        event_id=envelope.id,
        topic=event.topic,
        message_key=envelope.key,
        event_type=envelope.type,
        headers=stored_headers(envelope.kafka_headers()),
        payload=envelope.data.decode(),
        created_at=datetime.now(UTC),
    )
