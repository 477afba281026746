"""The transactional outbox on a real broker, on SQLite and on PostgreSQL."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlmodel import col, func, select, update

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC, CALLS_TOPIC
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.outbox import OutboxMessage
from diaspora_shared.runtime.outbox_relay import OutboxRelay
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP

from ..kafka_helpers import eventually, read_records
from ..runtimes import (
    accept_new_applicant,
    accepted_in,
    migrate_recruitment,
    open_call,
    recruitment_runtime,
    report_of,
    reporting_runtime,
    running,
)


async def test_event_committed_before_a_crash_is_published_after_restart(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    # The process "crashes" between commit and publish: its relay never runs.
    crashed = recruitment_runtime(kafka, topic_prefix, database_url)
    await migrate_recruitment(crashed)
    call_id = await open_call(crashed)
    await crashed.database.dispose()
    assert await read_records(kafka, f"{topic_prefix}{CALLS_TOPIC}", expected=1, timeout=2) == []

    async with running(recruitment_runtime(kafka, topic_prefix, database_url)):
        records = await read_records(kafka, f"{topic_prefix}{CALLS_TOPIC}", expected=1)

    assert len(records) == 1
    headers = dict(records[0].headers)
    assert headers["ce_type"] == b"recruitment.call.opened.v1"
    assert headers["ce_specversion"] == b"1.0"
    assert records[0].key == str(call_id).encode()
    assert json.loads(records[0].value)["call_id"] == str(call_id)


async def test_publish_whose_sent_mark_was_lost_is_published_again_and_applied_once(
    kafka: str, topic_prefix: str, database_url: str, tmp_path: Path
) -> None:
    applications_topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as recruitment:
        call_id = await open_call(recruitment, Track.HEALTH)
        await accept_new_applicant(recruitment, call_id, Sex.MALE, index=1, course="Surgery")
        await eventually(lambda: _all_sent(recruitment))
        # The "sent" marks are lost (say the relay died before its commit): all go out again.
        async with recruitment.database.session() as session:
            await session.exec(update(OutboxMessage).values(sent_at=None))
            await session.commit()
        recruitment.wake_relay()
        records = await read_records(kafka, applications_topic, expected=6)
    accepted_copies = [r for r in records if dict(r.headers)["ce_type"].endswith(b"accepted.v1")]
    assert len(accepted_copies) == 2
    assert len({dict(r.headers)["ce_id"] for r in accepted_copies}) == 1

    reporting_url = f"sqlite:///{tmp_path / 'reporting.db'}"
    async with running(reporting_runtime(kafka, topic_prefix, reporting_url)) as reporting:
        # Both copies of the call and of the acceptance settled, the second as a duplicate.
        await eventually(lambda: _settled_twice(reporting))
        assert accepted_in(await report_of(reporting), Track.HEALTH) == {Sex.FEMALE: 0, Sex.MALE: 1}


async def test_events_of_one_key_are_published_in_commit_order(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as recruitment:
        call_id = await open_call(recruitment)
        application_id = await accept_new_applicant(recruitment, call_id, Sex.FEMALE, index=2)
        records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=3)
    assert [r.key for r in records] == [str(application_id).encode()] * 3
    assert [dict(r.headers)["ce_type"] for r in records] == [
        b"recruitment.application.submitted.v1",
        b"recruitment.application.screened.v1",
        b"recruitment.applicant.accepted.v1",
    ]


@asynccontextmanager
async def relay_waiting_on_its_poll(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[ServiceRuntime, OutboxRelay]]:
    runtime = recruitment_runtime(kafka, topic_prefix, database_url)
    runtime.settings.outbox_poll_interval_seconds = 3600
    async with running(runtime):
        assert isinstance(runtime.relay, OutboxRelay)
        # The relay has published what start-up found and waits on its hour-long poll.
        await asyncio.wait_for(runtime.relay.idle.wait(), timeout=15)
        yield runtime, runtime.relay


async def test_relay_wakes_on_commit_instead_of_waiting_for_its_poll(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    async with relay_waiting_on_its_poll(kafka, topic_prefix, sqlite_url) as (runtime, _):
        await open_call(runtime)
        records = await read_records(kafka, f"{topic_prefix}{CALLS_TOPIC}", expected=1, timeout=15)
    assert len(records) == 1


async def _all_sent(runtime: ServiceRuntime) -> bool:
    async with runtime.database.session() as session:
        unsent = select(func.count()).where(col(OutboxMessage.sent_at).is_(None))
        return (await session.exec(unsent)).one() == 0


async def _settled_twice(runtime: ServiceRuntime) -> bool:
    settled = runtime.consumer_metrics()[ACCEPTED_PROFESSIONALS_GROUP]
    return settled.get("applied", 0) >= 2 and settled.get("duplicate", 0) >= 2


async def test_events_committed_just_before_a_graceful_stop_leave_with_the_stop(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with relay_waiting_on_its_poll(kafka, topic_prefix, database_url) as (runtime, relay):
        # The commit wakes the relay, and the stop reaches the relay before its task runs again.
        await open_call(runtime)
        await relay.stop()
        records = await read_records(kafka, f"{topic_prefix}{CALLS_TOPIC}", expected=1, timeout=5)
    assert len(records) == 1
