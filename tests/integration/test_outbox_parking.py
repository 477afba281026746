"""A row Kafka keeps refusing is parked, other keys flow, its own key waits until release;
sent rows and processed event ids are pruned past their retention. SQLite and PostgreSQL."""

import asyncio
import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlmodel import select

from diaspora_shared.contracts.events import CALLS_TOPIC
from diaspora_shared.runtime.consumer import ProcessedEvent
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.outbox import OutboxMessage
from diaspora_shared.runtime.outbox_admin import parked_rows, prune
from diaspora_shared.runtime.outbox_cli import main as outbox_command
from diaspora_shared.runtime.service import ServiceRuntime

from ..kafka_helpers import eventually, read_records
from ..runtimes import migrate_recruitment, recruitment_runtime, running

TOO_LARGE = "x" * 2_000_000  # over the producer's 1 MiB request limit: Kafka refuses it


def outbox_row(
    key: str,
    payload: str = "{}",
    *,
    sent_at: datetime | None = None,
    parked_at: datetime | None = None,
    park_reason: str | None = None,
) -> OutboxMessage:
    now = datetime.now(UTC)
    event_id = str(uuid4())
    headers = [("ce_id", event_id), ("ce_type", "test.row.v1")]
    return OutboxMessage(
        event_id=event_id,
        topic=CALLS_TOPIC,
        message_key=key,
        event_type="test.row.v1",
        headers=json.dumps(headers),
        payload=payload,
        created_at=now,
        sent_at=sent_at,
        parked_at=parked_at,
        park_reason=park_reason,
    )


async def add_rows(database: Database, *rows: OutboxMessage) -> list[int]:
    async with database.session() as session:
        session.add_all(rows)
        await session.commit()
    return [row.seq or 0 for row in rows]


async def row_of(database: Database, seq: int) -> OutboxMessage:
    async with database.session() as session:
        found = await session.get(OutboxMessage, seq)
        assert found is not None
        return found


async def test_a_refused_row_is_parked_other_keys_flow_and_its_key_waits_until_release(
    kafka: str, topic_prefix: str, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    topic = f"{topic_prefix}{CALLS_TOPIC}"
    runtime = recruitment_runtime(kafka, topic_prefix, database_url)
    runtime.settings.outbox_max_attempts = 2
    async with running(runtime):
        poisoned, behind, other = await add_rows(
            runtime.database,
            outbox_row("aggregate-1", TOO_LARGE),
            outbox_row("aggregate-1", '{"after": "the poisoned row"}'),
            outbox_row("aggregate-2", '{"other": "key"}'),
        )
        runtime.wake_relay()
        await eventually(lambda: _is_parked(runtime, poisoned))

        parked = await row_of(runtime.database, poisoned)
        assert parked.attempts == 2
        assert parked.park_reason is not None
        assert parked.park_reason.startswith("MessageSizeTooLargeError")
        assert (await row_of(runtime.database, behind)).sent_at is None
        await eventually(lambda: _is_sent(runtime, other))
        records = await read_records(kafka, topic, expected=1)
        assert [r.key for r in records] == [b"aggregate-2"]

        [listed] = await parked_rows(runtime.database)
        assert (listed.seq, listed.waiting_behind) == (poisoned, 1)
        url = runtime.settings.resolved_database_url()
        await asyncio.to_thread(outbox_command, ["list", "--database-url", url])
        assert "aggregate-1" in capsys.readouterr().out

        # The operator fixes the cause (here the row itself), then releases it.
        await _shrink_payload(runtime.database, poisoned)
        await asyncio.to_thread(outbox_command, ["release", "--database-url", url, "--all"])
        assert "released 1 row(s)" in capsys.readouterr().out
        await eventually(lambda: _is_sent(runtime, behind))
        records = await read_records(kafka, topic, expected=3)

    assert sorted(r.key for r in records) == [b"aggregate-1", b"aggregate-1", b"aggregate-2"]
    one_key = [r.value for r in records if r.key == b"aggregate-1"]  # one partition, in order
    assert one_key == [b"{}", b'{"after": "the poisoned row"}']
    assert await parked_rows(runtime.database) == []


async def test_pruning_removes_only_rows_past_their_retention(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    runtime = recruitment_runtime(kafka, topic_prefix, database_url)
    await migrate_recruitment(runtime)
    now = datetime.now(UTC)
    old_sent, recent_sent, pending, parked = await add_rows(
        runtime.database,
        outbox_row("old-sent", sent_at=now - timedelta(days=8)),
        outbox_row("recent-sent", sent_at=now - timedelta(days=6)),
        outbox_row("pending"),
        outbox_row("parked", parked_at=now - timedelta(days=60), park_reason="refused"),
    )
    async with runtime.database.session() as session:
        session.add(_processed("old", now - timedelta(days=31)))
        session.add(_processed("recent", now - timedelta(days=29)))
        await session.commit()

    pruned = await prune(
        runtime.database,
        sent_retention=timedelta(days=7),
        redelivery_horizon=timedelta(days=30),
    )

    assert (pruned.sent_rows, pruned.processed_events) == (1, 1)
    async with runtime.database.session() as session:
        seqs = (await session.exec(select(OutboxMessage.seq))).all()
        kept_ids = (await session.exec(select(ProcessedEvent.event_id))).all()
    assert sorted(s for s in seqs if s is not None) == [recent_sent, pending, parked]
    assert old_sent not in seqs
    assert list(kept_ids) == ["recent"]
    await runtime.database.dispose()


def test_every_service_prunes_on_a_periodic_pass(kafka: str, sqlite_url: str) -> None:
    runtime = recruitment_runtime(kafka, "", sqlite_url)
    assert "outbox-pruning" in [job.name for job in runtime.periodic_jobs]


def _processed(event_id: str, at: datetime) -> ProcessedEvent:
    return ProcessedEvent(consumer_group="reporting.test", event_id=event_id, processed_at=at)


async def _is_parked(runtime: ServiceRuntime, seq: int) -> bool:
    return (await row_of(runtime.database, seq)).parked_at is not None


async def _is_sent(runtime: ServiceRuntime, seq: int) -> bool:
    return (await row_of(runtime.database, seq)).sent_at is not None


async def _shrink_payload(database: Database, seq: int) -> None:
    async with database.session() as session:
        row = await session.get(OutboxMessage, seq)
        assert row is not None
        row.payload = "{}"
        session.add(row)
        await session.commit()
