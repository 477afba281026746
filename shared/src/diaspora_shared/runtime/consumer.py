"""Idempotent event consumption with bounded retries and dead letters.

A handler's effects and the id of the event it applied are committed in one transaction, so a
redelivered event changes nothing. A handler that keeps failing is retried a bounded number of
times; then the record goes to the dead-letter topic and consumption moves on. A failure of the
consumer's own store (its database unreachable or refusing connections) says nothing about the
event, so it is never dead-lettered: the record is read again once the store answers.

A consumer may also take a batch handler: it then applies what one fetch returns in one
transaction, and falls back to the per-event handling above for a batch that fails
(`consumer_batch`). Services opt in per subscription; without it, one event per transaction.

Readers are tolerant: an event type the consumer does not handle (a new type, or one meant for
other consumers of the topic) is skipped and counted, not dead-lettered, so producers can add
event types without redeploying every consumer first.
"""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import exc as sql_errors
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from ..contracts.envelope import Envelope, MalformedEventError, decode_event
from ..contracts.events import IntegrationEvent
from .database import Database
from .dead_letters import DeadLetterPublisher
from .errors import STORE_OUTAGES
from .logging import get_logger
from .tracing import consuming

EventHandler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
SettledObserver = Callable[[str, "Outcome", int], None]
"""Told the topic (as named on the broker), an outcome and how many records were settled with
it (a batch tells its records together)."""


class ProcessedEvent(SQLModel, table=True):
    __tablename__ = "processed_events"

    consumer_group: str = Field(primary_key=True, max_length=200)
    event_id: str = Field(primary_key=True, max_length=200)
    processed_at: datetime


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class Unhandled:
    """A well-formed record of a type this consumer does not handle (perhaps newer than it)."""

    event_type: str


@dataclass(frozen=True)
class Undecodable:
    """A record that is not a valid event: it goes to the dead-letter topic."""

    reason: str


Decoded = IntegrationEvent | Unhandled | Undecodable


@dataclass(frozen=True)
class RecordPosition:
    """Where the record being applied sits in Kafka (the topic as named on the broker)."""

    topic: str
    partition: int
    offset: int


CURRENT_RECORD: ContextVar[RecordPosition | None] = ContextVar("current_record", default=None)
"""The position of the record whose handler is running, for handlers that keep the position
they applied in their own transaction (a read model saying what it includes)."""


@dataclass(frozen=True)
class PositionedEvent:
    """An event of a fetched batch, with its envelope and where its record sits."""

    event: IntegrationEvent
    envelope: Envelope
    position: RecordPosition


BatchHandler = Callable[[AsyncSession, Sequence[PositionedEvent]], Awaitable[None]]
"""Applies, on the caller's transaction, every new event of one fetch: each partition's in
offset order (a fetch may span several partitions)."""


class StoreUnavailable(Exception):
    """The consumer's database could not be reached: the record must be read again later."""


def is_store_outage(error: BaseException) -> bool:
    """Failures of the connection to the database, as opposed to failures of the handler."""
    if isinstance(error, sql_errors.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, STORE_OUTAGES)


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
        on_settled: SettledObserver | None = None,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self.group_id = group_id
        self._database = database
        self._handlers = dict(handlers)
        self._handled_types = {event_class.event_type: event_class for event_class in handlers}
        self._dead_letters = dead_letters
        self._max_attempts = max_attempts
        self._retry_backoff = retry_backoff_seconds
        self.outcomes: Counter[Outcome] = Counter()
        self._on_settled = on_settled
        self.batch_handler = batch_handler
        """When set, a fetch is applied in one transaction (`consumer_batch`)."""
        self.database = database
        self.dead_letters = dead_letters

    @property
    def topics(self) -> list[str]:
        """Logical topics carrying the events this consumer handles."""
        return sorted({event_class.topic for event_class in self._handlers})

    @property
    def handled_events(self) -> list[type[IntegrationEvent]]:
        return list(self._handlers)

    @property
    def skipped_unknown(self) -> int:
        """Records skipped because this consumer does not handle their event type."""
        return self.outcomes[Outcome.SKIPPED]

    def decode(self, record: Any) -> Decoded:
        """What a record carries; never raises, so no record escapes the dead-letter rule."""
        return self.read(record)[0]

    def read(self, record: Any) -> tuple[Decoded, Envelope | None]:
        """`decode`, with the envelope when the record carries an event this consumer handles."""
        try:
            envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
            event_class = self._handled_types.get(envelope.type)
            if event_class is None:
                return Unhandled(envelope.type), None
            return _validated(event_class, envelope), envelope
        except MalformedEventError as error:
            return Undecodable(str(error)), None

    async def set_aside(self, record: Any, decoded: Unhandled | Undecodable) -> Outcome:
        with consuming(record, self.group_id):
            return await self._set_aside(record, decoded)

    def counted(self, outcome: Outcome, topic: str, records: int) -> None:
        """Count records of one topic settled together outside `apply` and `set_aside` (a
        batch): one call per outcome rather than per record, as a thousand calls were a tenth
        of a batch's cost."""
        self.outcomes[outcome] += records
        if self._on_settled is not None:
            self._on_settled(topic, outcome, records)

    async def _set_aside(self, record: Any, decoded: Unhandled | Undecodable) -> Outcome:
        log = self._log_for(record)
        if isinstance(decoded, Unhandled):
            log.info("event type not handled, skipped", event_type=decoded.event_type)
            return self._counted(Outcome.SKIPPED, record)
        await self._dead_letters.publish(record, f"malformed: {decoded.reason}")
        log.warning("malformed record sent to dead letters", reason=decoded.reason)
        return self._counted(Outcome.DEAD_LETTERED, record)

    async def apply(self, record: Any, event: IntegrationEvent) -> Outcome:
        """Apply a decoded event once, with bounded retries, then dead letters."""
        envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
        log = self._log_for(record).bind(
            event_id=envelope.id, event_type=envelope.type, correlation_id=envelope.correlation_id
        )
        handler = self._handlers[type(event)]
        token = CURRENT_RECORD.set(RecordPosition(record.topic, record.partition, record.offset))
        try:
            with consuming(record, self.group_id):
                outcome = await self._apply_with_retries(handler, event, envelope, record, log)
        finally:
            CURRENT_RECORD.reset(token)
        return self._counted(outcome, record)

    def _counted(self, outcome: Outcome, record: Any) -> Outcome:
        self.counted(outcome, record.topic, 1)
        return outcome

    def _log_for(self, record: Any) -> Any:
        return get_logger(
            consumer_group=self.group_id,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )

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
                if is_store_outage(error) and attempt == self._max_attempts:
                    raise StoreUnavailable(_describe(error)) from error
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


def _validated(event_class: type[IntegrationEvent], envelope: Envelope) -> IntegrationEvent:
    """The event validated straight from its JSON bytes (strict about unknown fields, and
    several times faster); anything that refuses goes through `decode_event`, which tolerates
    fields a newer producer added and gives the exact reason for a malformed record."""
    try:
        event: IntegrationEvent = event_class.__pydantic_validator__.validate_json(envelope.data)
    except ValueError:
        return decode_event(envelope)
    return event


def _describe(error: Exception | None) -> str:
    return f"{type(error).__name__}: {error}"[:500]
