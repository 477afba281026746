"""Publishes committed outbox rows to Kafka.

One relay at a time publishes a database's outbox: on PostgreSQL a transaction-scoped advisory
lock elects it, on SQLite the write lock taken at BEGIN does. Rows go out in `seq` order through
an idempotent producer, so events of one key keep their order; a row is marked sent only after
Kafka acknowledged it, and a lost mark only means a duplicate that consumers ignore.
"""

import asyncio
import contextlib
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import text, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..contracts.topics import qualified
from .database import Database
from .logging import get_logger
from .outbox import OutboxMessage

# Any constant works; it only has to be the same for every relay of one database.
OUTBOX_LOCK_ID = 7_340_021
MAX_BACKOFF_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        producer: AIOKafkaProducer,
        *,
        topic_prefix: str = "",
        poll_interval_seconds: float = 1.0,
        batch_size: int = 500,
    ) -> None:
        self._database = database
        self._producer = producer
        self._topic_prefix = topic_prefix
        self._poll_interval = poll_interval_seconds
        self._batch_size = batch_size
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._log = get_logger(component="outbox-relay")

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

    async def _wait_for_work(self, at_most_seconds: float | None = None) -> None:
        # The poll picks up rows committed by another process (or before a crash).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), at_most_seconds or self._poll_interval)
        if not self._stopping:
            self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish one batch of unsent rows; return how many rows were taken."""
        async with self._database.session() as session:
            if not await self._is_elected(session):
                return 0
            rows = await self._unsent(session)
            if not rows:
                return 0
            published, error = await self._publish(rows)
            await self._mark(session, rows, published, error)
            await session.commit()
        if error is not None:
            raise error
        return len(rows)

    async def _is_elected(self, session: AsyncSession) -> bool:
        if self._database.is_sqlite:
            return True
        connection = await session.connection()
        result = await connection.execute(
            text("SELECT pg_try_advisory_xact_lock(:lock_id)"), {"lock_id": OUTBOX_LOCK_ID}
        )
        return bool(result.scalar())

    async def _unsent(self, session: AsyncSession) -> list[OutboxMessage]:
        query = (
            select(OutboxMessage)
            .where(col(OutboxMessage.sent_at).is_(None))
            .order_by(col(OutboxMessage.seq))
            .limit(self._batch_size)
        )
        return list((await session.exec(query)).all())

    async def _publish(self, rows: list[OutboxMessage]) -> tuple[int, Exception | None]:
        """Send every row, then wait for the acknowledgements; return how many of the leading
        rows were acknowledged and the first failure."""
        deliveries = [
            await self._producer.send(
                qualified(row.topic, self._topic_prefix),
                value=row.payload.encode(),
                key=row.message_key.encode(),
                headers=row.kafka_headers(),
            )
            for row in rows
        ]
        results = await asyncio.gather(*deliveries, return_exceptions=True)
        for index, result in enumerate(results):
            if isinstance(result, Exception):
                return index, result
        return len(rows), None

    async def _mark(
        self,
        session: AsyncSession,
        rows: list[OutboxMessage],
        published: int,
        error: Exception | None,
    ) -> None:
        sent_seqs = [row.seq for row in rows[:published]]
        if sent_seqs:
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.seq).in_(sent_seqs))
                .values(sent_at=datetime.now(UTC))
            )
        if error is not None:
            failed = rows[published]
            failed.attempts += 1
            failed.last_error = str(error)[:1000]
            session.add(failed)
        self._log.debug("outbox batch published", published=published, taken=len(rows))
