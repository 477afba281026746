"""Idempotent event consumption with bounded retries and dead letters.

A handler's effects and the id of the event it applied are committed in one transaction, so a
redelivered event changes nothing. A handler that keeps failing is retried a bounded number of
times; then the record goes to the dead-letter topic and consumption moves on.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from ..contracts.envelope import Envelope, MalformedEventError, decode_event
from ..contracts.events import IntegrationEvent
from .database import Database
from .dead_letters import DeadLetterPublisher
from .logging import get_logger

EventHandler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]


class ProcessedEvent(SQLModel, table=True):
    __tablename__ = "processed_events"

    consumer_group: str = Field(primary_key=True, max_length=200)
    event_id: str = Field(primary_key=True, max_length=200)
    processed_at: datetime


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


class EventConsumer:
    def __init__(
        self,
        *,
        group_id: str,
        database: Database,
        handlers: Mapping[type[IntegrationEvent], EventHandler],
        dead_letters: DeadLetterPublisher,
        max_attempts: int = 3,
        retry_backoff_seconds: float = 0.2,
    ) -> None:
        self.group_id = group_id
        self._database = database
        self._handlers = dict(handlers)
        self._dead_letters = dead_letters
        self._max_attempts = max_attempts
        self._retry_backoff = retry_backoff_seconds

    @property
    def topics(self) -> list[str]:
        """Logical topics carrying the events this consumer handles."""
        return sorted({event_class.topic for event_class in self._handlers})

    async def process(self, record: Any) -> Outcome:
        log = get_logger(
            consumer_group=self.group_id,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )
        try:
            envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
            event = decode_event(envelope)
        except MalformedEventError as error:
            await self._dead_letters.publish(record, f"malformed: {error}")
            log.warning("malformed record sent to dead letters", reason=str(error))
            return Outcome.DEAD_LETTERED
        log = log.bind(
            event_id=envelope.id, event_type=envelope.type, correlation_id=envelope.correlation_id
        )
        handler = self._handlers.get(type(event))
        if handler is None:
            return Outcome.IGNORED
        return await self._apply_with_retries(handler, event, envelope, record, log)

    async def _apply_with_retries(
        self, handler: EventHandler, event: Any, envelope: Envelope, record: Any, log: Any
    ) -> Outcome:
        failure: Exception | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._apply_once(handler, event, envelope)
            except Exception as error:
                failure = error
                log.warning("handler failed", attempt=attempt, error=_describe(error))
                if attempt < self._max_attempts:
                    await asyncio.sleep(self._retry_backoff * 2 ** (attempt - 1))
                continue
            log.info("event consumed", outcome=outcome.value)
            return outcome
        reason = f"handler failed after {self._max_attempts} attempts: {_describe(failure)}"
        await self._dead_letters.publish(record, reason)
        log.error("event sent to dead letters", reason=reason)
        return Outcome.DEAD_LETTERED

    async def _apply_once(self, handler: EventHandler, event: Any, envelope: Envelope) -> Outcome:
        async with self._database.session() as session:
            already = await session.get(ProcessedEvent, (self.group_id, envelope.id))
            if already is not None:
                return Outcome.DUPLICATE
            await handler(session, event, envelope)
            session.add(
                ProcessedEvent(
                    consumer_group=self.group_id,
                    event_id=envelope.id,
                    processed_at=datetime.now(UTC),
                )
            )
            await session.commit()
        return Outcome.APPLIED


def _describe(error: Exception | None) -> str:
    return f"{type(error).__name__}: {error}"[:500]
