"""Reporting's projections apply a fetch in one transaction, on a real broker and
on SQLite and PostgreSQL: the read models one event per transaction leaves, nothing applied
twice when a batch comes again (offsets lost after the commit), a poison record dead-lettered
alone while the rest of its batch is applied."""

from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

import pytest
from faststream.kafka.message import KafkaAckableMessage

from bench.events import Record, create_topics, delete_topics, generated_events, records_for
from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import APPLICATIONS_TOPIC, ApplicantAccepted
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP, DLT_REASON
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.projection import TableRows

from ..conftest import DatabaseFactory
from ..kafka_helpers import eventually, read_records
from ..runtimes import accepted_in, report_of, running
from .batch_support import (
    Transactions,
    applied_by_group,
    burst_with_withdrawals,
    produce,
    projections_runtime,
    read_models,
    settled,
)
from .test_consumer import SOURCE, accepted_event


@pytest.fixture
async def second_prefix(kafka: str) -> AsyncIterator[str]:
    """Another copy of the topics, for a second runtime with groups of its own."""
    prefix = f"t{uuid4().hex[:10]}."
    created = await create_topics(kafka, prefix)
    yield prefix
    await delete_topics(kafka, created)


@pytest.fixture
async def per_event_database_url(
    database_url: str, tmp_path: Path, new_postgres_database: DatabaseFactory
) -> str:
    """A second database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'per-event.db'}"
    return await new_postgres_database()


async def test_a_burst_is_applied_in_few_transactions_into_the_read_models_of_one_per_event(
    kafka: str,
    topic_prefix: str,
    second_prefix: str,
    database_url: str,
    per_event_database_url: str,
) -> None:
    records = records_for(burst_with_withdrawals(300), topic_prefix)
    await produce(kafka, records)
    await produce(kafka, records, retarget=(topic_prefix, second_prefix))
    expected = applied_by_group(records, topic_prefix)
    transactions = Transactions()

    batched = projections_runtime(kafka, topic_prefix, database_url, transactions)
    async with running(batched):
        await eventually(settled(batched, expected), timeout=60)
        in_batches = await read_models(batched)
    per_event = projections_runtime(kafka, second_prefix, per_event_database_url, None)
    async with running(per_event):
        await eventually(settled(per_event, expected), timeout=120)
        one_by_one = await read_models(per_event)

    assert in_batches == one_by_one
    assert len(in_batches["funnel_applications"]) > 200
    accepted = expected[ACCEPTED_PROFESSIONALS_GROUP]["applied"]
    assert 0 < transactions.by_group[ACCEPTED_PROFESSIONALS_GROUP] <= accepted // 10


async def test_offsets_lost_after_the_commit_bring_the_batch_again_and_nothing_is_applied_twice(
    kafka: str, topic_prefix: str, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = records_for(generated_events(120, seed=7), topic_prefix)
    await produce(kafka, records)
    expected = applied_by_group(records, topic_prefix)

    with monkeypatch.context() as crash:
        # The process dies between its database commit and the commit of the Kafka offsets.
        async def lost_before_commit(_message: KafkaAckableMessage) -> None:
            return None

        crash.setattr(KafkaAckableMessage, "ack", lost_before_commit)
        first = projections_runtime(kafka, topic_prefix, database_url, Transactions())
        async with running(first):
            await eventually(settled(first, expected), timeout=60)
            before = await read_models(first)

    again = Transactions()
    restarted = projections_runtime(kafka, topic_prefix, database_url, again)
    async with running(restarted):
        redelivered = {
            group: {"duplicate" if outcome == "applied" else outcome: n for outcome, n in c.items()}
            for group, c in expected.items()
        }
        await eventually(settled(restarted, redelivered), timeout=60)
        assert await read_models(restarted) == before
    assert again.by_group == {}  # no batch had an event left to apply


async def test_a_poison_record_is_dead_lettered_alone_and_the_rest_of_its_batch_applied(
    kafka: str, topic_prefix: str, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    poison = accepted_event(25, Sex.MALE)
    real_rule = ACCEPTED_PROFESSIONALS.rules[ApplicantAccepted]

    def refusing_the_poison(rows: TableRows, event: ApplicantAccepted, keys: Sequence[str]) -> None:
        if event.application_id == poison.application_id:
            raise RuntimeError("projection store refused the row")
        real_rule.apply(rows, event, keys)

    refusing = replace(real_rule, apply=refusing_the_poison)
    monkeypatch.setitem(ACCEPTED_PROFESSIONALS.rules, ApplicantAccepted, refusing)  # type: ignore[misc]
    topic = qualified(APPLICATIONS_TOPIC, topic_prefix)
    events = [accepted_event(index, Sex.FEMALE) for index in range(50)]
    events[25] = poison
    records = [_record(topic, event) for event in events]
    # An undecodable record in the middle too, on the poison's partition (same key).
    records.insert(10, Record(topic, records[25].key, b"{not json", records[25].headers))
    await produce(kafka, records)

    # Every group reading the topic dead-letters the undecodable record; one refuses the poison.
    readers = sum(1 for p in PROJECTIONS.values() if APPLICATIONS_TOPIC in p.topics)
    transactions = Transactions()
    runtime = projections_runtime(kafka, topic_prefix, database_url, transactions)
    async with running(runtime):
        outcomes = {"applied": 49, "dead_lettered": 2}
        await eventually(settled(runtime, {ACCEPTED_PROFESSIONALS_GROUP: outcomes}), timeout=60)
        assert accepted_in(await report_of(runtime), Track.TVET) == {Sex.FEMALE: 49, Sex.MALE: 0}
        dead = [
            record
            for record in await read_records(kafka, f"{topic}.dlt", expected=readers + 1)
            if dict(record.headers)[DLT_CONSUMER_GROUP] == ACCEPTED_PROFESSIONALS_GROUP.encode()
        ]

    reasons = {record.value: dict(record.headers)[DLT_REASON].decode() for record in dead}
    assert reasons[b"{not json"].startswith("malformed")
    assert reasons[records[26].value].startswith("handler failed after 3 attempts: RuntimeError")
    assert len(dead) == 2
    assert transactions.by_group[ACCEPTED_PROFESSIONALS_GROUP] >= 1  # other partitions, batched


def _record(topic: str, event: ApplicantAccepted) -> Record:
    envelope = envelope_for(event, source=SOURCE)
    return Record(topic, envelope.key.encode(), envelope.data, envelope.kafka_headers())
