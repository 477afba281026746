"""Where a service keeps the answers of requests sent with an Idempotency-Key: one row per
(subject, key), claimed before the request runs and completed with its answer.

The claim and the answer are written in transactions of their own, but the request's effect
marks its row in the command's own transaction (`mark_effect_committed`, called by the unit of
work on commit). So a process dying between the effect and the stored answer never lets a
repeat run the command a second time: the repeat learns that it was done."""

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .database import Database

MAX_KEY_LENGTH = 255
MAX_SUBJECT_LENGTH = 200
MAX_PATH_LENGTH = 1000

metadata = sa.MetaData()

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("subject", sa.String(MAX_SUBJECT_LENGTH), primary_key=True),
    sa.Column("idempotency_key", sa.String(MAX_KEY_LENGTH), primary_key=True),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String(MAX_PATH_LENGTH), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("content_type", sa.String(100), nullable=True),
    sa.Column("body", sa.LargeBinary, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("effect_committed_at", sa.DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class Request:
    subject: str
    key: str
    method: str
    path: str
    request_hash: str


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Claimed:
    """This request is the first with its key: it runs."""


@dataclass(frozen=True)
class KeyReused:
    """The key was used for another request (other method, path or body)."""


@dataclass(frozen=True)
class InProgress:
    """A request with the same key is running and has not answered in time."""


@dataclass(frozen=True)
class EffectWithoutAnswer:
    """The request's effect committed, but the process stopped before keeping its answer."""


Outcome = Claimed | StoredAnswer | KeyReused | InProgress | EffectWithoutAnswer

# The request being served under an Idempotency-Key, for the unit of work to mark on commit.
current_request: ContextVar["Request | None"] = ContextVar("idempotent_request", default=None)


def effect_marker() -> sa.Update | None:
    """The statement a unit of work runs inside its transaction when it commits on behalf of a
    request sent with an Idempotency-Key; None outside such a request."""
    request = current_request.get()
    if request is None:
        return None
    return (
        idempotency_keys.update()
        .where(*_row_of(request), idempotency_keys.c.effect_committed_at.is_(None))
        .values(effect_committed_at=datetime.now(UTC))
    )


# A claim unanswered for this long belongs to a process that died mid-request; a repeat may
# take it over. Far beyond any request's timeout, so a live request is never overtaken.
ABANDONED_AFTER = timedelta(minutes=5)


class IdempotencyStore:
    def __init__(self, database: Database, *, wait_seconds: float = 10.0) -> None:
        self.database = database
        self.wait_seconds = wait_seconds

    async def claim(self, request: Request) -> Outcome:
        """The primary key lets one request of a (subject, key) run; a concurrent repeat
        waits for its answer and returns it."""
        if await self._insert(request):
            return Claimed()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_seconds
        pause = 0.02
        while True:
            outcome = await self._existing(request)
            if not isinstance(outcome, InProgress) or loop.time() >= deadline:
                return outcome
            # Backing off: many waiting repeats must not starve the request they wait for.
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)

    async def complete(self, request: Request, answer: StoredAnswer) -> None:
        async with self.database.engine.begin() as connection:
            await connection.execute(
                idempotency_keys.update()
                .where(*_row_of(request))
                .values(status=answer.status, content_type=answer.content_type, body=answer.body)
            )

    async def release(self, request: Request) -> None:
        """Forget a claim whose request failed, so that the client may try again."""
        async with self.database.engine.begin() as connection:
            await connection.execute(
                idempotency_keys.delete().where(
                    *_row_of(request),
                    idempotency_keys.c.status.is_(None),
                    # An effect that committed stays claimed, whatever the answer was.
                    idempotency_keys.c.effect_committed_at.is_(None),
                )
            )

    async def _insert(self, request: Request) -> bool:
        try:
            async with self.database.engine.begin() as connection:
                await connection.execute(
                    idempotency_keys.insert().values(
                        subject=request.subject,
                        idempotency_key=request.key,
                        method=request.method,
                        path=request.path,
                        request_hash=request.request_hash,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            return False
        return True

    async def _existing(self, request: Request) -> Outcome:
        async with self.database.engine.connect() as connection:
            row = (
                await connection.execute(idempotency_keys.select().where(*_row_of(request)))
            ).first()
        if row is None:
            # The first request failed and released its claim meanwhile.
            return Claimed() if await self._insert(request) else InProgress()
        if (row.method, row.path, row.request_hash) != (
            request.method,
            request.path,
            request.request_hash,
        ):
            return KeyReused()
        if row.status is None:
            claimed_at = row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC)
            if claimed_at >= datetime.now(UTC) - ABANDONED_AFTER:
                # Still running, or its answer is being stored right after its commit.
                return InProgress()
            if row.effect_committed_at is not None:
                return EffectWithoutAnswer()
            return await self._take_over(request)
        return StoredAnswer(status=row.status, content_type=row.content_type, body=row.body)

    async def _take_over(self, request: Request) -> Outcome:
        async with self.database.engine.begin() as connection:
            taken = await connection.execute(
                idempotency_keys.update()
                .where(*_row_of(request), idempotency_keys.c.status.is_(None))
                .where(idempotency_keys.c.effect_committed_at.is_(None))
                .where(idempotency_keys.c.created_at < datetime.now(UTC) - ABANDONED_AFTER)
                .values(created_at=datetime.now(UTC))
            )
        return Claimed() if taken.rowcount == 1 else InProgress()


def _row_of(request: Request) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        idempotency_keys.c.subject == request.subject,
        idempotency_keys.c.idempotency_key == request.key,
    )
