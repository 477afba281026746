"""Publishes committed outbox rows to Kafka.

One relay at a time publishes a database's outbox: on PostgreSQL a transaction-scoped advisory
lock elects it, on SQLite the write lock taken at BEGIN does. Rows go out in `seq` order through
an idempotent producer, so events of one key keep their order; a row is marked sent only after
Kafka acknowledged it, and a lost mark only means a duplicate that consumers ignore.

A row Kafka refuses (too large, invalid topic, not authorised) costs an attempt, and after
`max_attempts` it is parked: the relay moves on with other keys while later rows of its key wait
behind it until someone releases it (`platform-outbox`). Transient failures (broker unreachable,
timeouts) cost nothing: the whole batch is tried again with backoff.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import text, tuple_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..contracts.topics import qualified
from .database import Database
from .logging import get_logger
from .outbox import OutboxMessage
from .outbox_batch import BatchOutcome

# Any constant works; it only has to be the same for every relay of one database.
OUTBOX_LOCK_ID = 7_340_021
MAX_BACKOFF_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0

AcknowledgedHook = Callable[[Sequence[OutboxMessage]], Awaitable[None]]


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        producer: AIOKafkaProducer,
        *,
        topic_prefix: str = "",
        poll_interval_seconds: float = 1.0,
        batch_size: int = 500,
        max_attempts: int = 5,
    ) -> None:
        self._database = database
        self._producer = producer
        self._topic_prefix = topic_prefix
        self._poll_interval = poll_interval_seconds
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._wake = asyncio.Event()
        self.idle = asyncio.Event()
        """Set while the relay waits for work (a commit's wake-up or its poll)."""
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._log = get_logger(component="outbox-relay")
        # Fault injection for tests only: runs after Kafka acknowledged a batch and before its
        # rows are marked sent, the one moment where a crash makes the relay send them again.
        self.after_acknowledgement: AcknowledgedHook | None = None

    def wake(self) -> None:
        """Called right after a commit that wrote events, so they leave without waiting a poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Let the current batch finish, then stop. Cancelling in the middle of a database
        round trip can leave the driver waiting on a connection that never answers."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                while await self.publish_pending() == self._batch_size:
                    pass
                failures = 0
            except Exception as error:
                failures += 1
                delay = min(MAX_BACKOFF_SECONDS, 0.1 * 2**failures)
                self._log.warning("outbox publish failed", error=str(error), retry_in_s=delay)
                await self._wait_for_work(at_most_seconds=delay)
                continue
            await self._wait_for_work()
        if failures == 0:
            await self._drain_before_stopping()

    async def _drain_before_stopping(self) -> None:
        # A commit just before a graceful stop woke the relay, but the stop may win the race to
        # the loop's condition; one last pass sends those rows now rather than at the next start.
        # Skipped while Kafka is failing: the rows wait in the outbox, and the stop stays quick.
        try:
            while await self.publish_pending() == self._batch_size:
                pass
        except Exception as error:
            self._log.warning("outbox left pending at stop", error=str(error))

    async def _wait_for_work(self, at_most_seconds: float | None = None) -> None:
        # The poll picks up rows committed by another process (or before a crash).
        self.idle.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), at_most_seconds or self._poll_interval)
        self.idle.clear()
        if not self._stopping:
            self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; return how many rows were taken. Raises the first
        failure after marking what was acknowledged, so the caller backs off."""
        async with self._database.session() as session:
            if not await self._is_elected(session):
                return 0
            rows = await self._publishable(session)
            if not rows:
                return 0
            outcome = await self._publish(rows)
            if self.after_acknowledgement is not None:
                await self.after_acknowledgement(outcome.acknowledged)
            await self._mark(session, outcome)
            await session.commit()
        if outcome.first_failure is not None:
            raise outcome.first_failure
        return len(rows)

    async def _is_elected(self, session: AsyncSession) -> bool:
        if self._database.is_sqlite:
            return True
        connection = await session.connection()
        result = await connection.execute(
            text("SELECT pg_try_advisory_xact_lock(:lock_id)"), {"lock_id": OUTBOX_LOCK_ID}
        )
        return bool(result.scalar())

    async def _publishable(self, session: AsyncSession) -> list[OutboxMessage]:
        """Pending rows in commit order, leaving out every key that has a parked row. Parked
        keys are looked up first (an index finds the few parked rows at once): a correlated
        subquery per pending row would cost a scan each."""
        query = (
            select(OutboxMessage)
            .where(col(OutboxMessage.sent_at).is_(None))
            .where(col(OutboxMessage.parked_at).is_(None))
            .order_by(col(OutboxMessage.seq))
            .limit(self._batch_size)
        )
        parked_keys = await self._parked_keys(session)
        if parked_keys:
            key = tuple_(col(OutboxMessage.topic), col(OutboxMessage.message_key))
            query = query.where(key.not_in(parked_keys))
        return list((await session.exec(query)).all())

    async def _parked_keys(self, session: AsyncSession) -> list[tuple[str, str]]:
        query = (
            select(OutboxMessage.topic, OutboxMessage.message_key)
            .where(col(OutboxMessage.parked_at).is_not(None))
            .distinct()
        )
        return [(topic, key) for topic, key in (await session.exec(query)).all()]

    async def _publish(self, rows: list[OutboxMessage]) -> BatchOutcome:
        """Send every row, then wait for the acknowledgements. After a row of some key fails,
        later rows of that key are not sent (or, already sent, not marked), so they go out
        again after it and the key's order holds."""
        outcome = BatchOutcome()
        deliveries = []
        for row in rows:
            if outcome.holds_back(row):
                continue
            try:
                deliveries.append((row, await self._send(row)))
            except Exception as error:  # refused before leaving, e.g. a record too large
                outcome.failed(row, error)
        acknowledgements = await asyncio.gather(
            *(delivery for _, delivery in deliveries), return_exceptions=True
        )
        for (row, _), acknowledgement in zip(deliveries, acknowledgements, strict=True):
            if isinstance(acknowledgement, Exception):
                outcome.failed(row, acknowledgement)
            elif isinstance(acknowledgement, BaseException):
                raise acknowledgement
            else:
                outcome.acknowledged_row(row)
        return outcome

    async def _send(self, row: OutboxMessage) -> asyncio.Future[object]:
        delivery: asyncio.Future[object] = await self._producer.send(
            qualified(row.topic, self._topic_prefix),
            value=row.payload.encode(),
            key=row.message_key.encode(),
            headers=row.kafka_headers(),
        )
        return delivery

    async def _mark(self, session: AsyncSession, outcome: BatchOutcome) -> None:
        now = datetime.now(UTC)
        sent_seqs = [row.seq for row in outcome.sendable()]
        if sent_seqs:
            # No synchronisation of the loaded rows: they are done with once marked, and
            # matching each in Python against the IN list took a fifth of the relay's time.
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.seq).in_(sent_seqs))
                .values(sent_at=now)
                .execution_options(synchronize_session=False)
            )
        for row, reason in outcome.refusals():
            row.attempts += 1
            row.last_error = reason
            if row.attempts >= self._max_attempts:
                row.parked_at = now
                row.park_reason = reason
                self._log.error(
                    "outbox row parked",
                    seq=row.seq,
                    event_id=row.event_id,
                    topic=row.topic,
                    key=row.message_key,
                    attempts=row.attempts,
                    reason=reason,
                )
            session.add(row)
        self._log.debug("outbox batch published", published=len(sent_seqs))
