"""Idempotent consumption and dead letters on a real broker, on SQLite and on PostgreSQL."""

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.exc import OperationalError

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    ApplicantAccepted,
    ApplicantWithdrew,
)
from diaspora_shared.contracts.events.base import IntegrationEvent
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP, DLT_REASON
from diaspora_shared.runtime.subscriptions import kafka_group_id
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.projection import TableRows

from ..kafka_helpers import committed_to_end, eventually, produce_raw, read_records
from ..runtimes import accepted_in, report_of, reporting_runtime, running

SOURCE = "/iom/diaspora/recruitment"


def accepted_event(index: int, sex: Sex = Sex.FEMALE) -> ApplicantAccepted:
    return ApplicantAccepted.model_validate(
        {
            "application_id": f"00000000-0000-4000-8000-{index:012d}",
            "call_id": "00000000-0000-4000-8000-000000000999",
            "track": Track.TVET,
            "sex": sex,
            "country_of_residence": "BE",
            "languages": ["en"],
            "courses_or_specialties": ["ICT"],
            "available_from": "2027-01-01",
            "available_until": "2027-02-01",
            "accepted_at": "2026-11-27T10:00:00Z",
        }
    )


async def publish_event(
    kafka: str, topic: str, event: IntegrationEvent, envelope: Any = None
) -> Any:
    envelope = envelope or envelope_for(event, source=SOURCE)
    await produce_raw(
        kafka,
        topic,
        value=envelope.data,
        key=envelope.key.encode(),
        headers=envelope.kafka_headers(),
    )
    return envelope


async def test_same_event_delivered_twice_counts_once(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    envelope = await publish_event(kafka, topic, accepted_event(1))
    await publish_event(kafka, topic, accepted_event(1), envelope)  # Kafka redelivers it
    await publish_event(kafka, topic, accepted_event(2, Sex.MALE))  # a marker behind both

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        # Wait until all three records are settled, then check what they changed.
        await eventually(lambda: _settled(reporting, {"applied": 2, "duplicate": 1}))
        assert accepted_in(await report_of(reporting), Track.TVET) == {Sex.FEMALE: 1, Sex.MALE: 1}


async def test_malformed_record_goes_to_the_dead_letter_topic_and_the_next_is_processed(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    good = accepted_event(3)
    key = good.aggregate_id.encode()
    # Not JSON, and no CloudEvents headers at all: two kinds of garbage on the same key.
    bad_headers = [(n, v) for n, v in envelope_for(good, source=SOURCE).kafka_headers()]
    await produce_raw(kafka, topic, value=b"{not json", key=key, headers=bad_headers)
    await produce_raw(kafka, topic, value=b'{"x": 1}', key=key, headers=[])
    await publish_event(kafka, topic, good)

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        await eventually(lambda: _settled(reporting, {"dead_lettered": 2, "applied": 1}))
        # Every consumer group of the topic dead-letters what it cannot decode; keep this one's.
        dead = [
            record
            for record in await read_records(kafka, f"{topic}.dlt", expected=4)
            if dict(record.headers)[DLT_CONSUMER_GROUP] == ACCEPTED_PROFESSIONALS_GROUP.encode()
        ]

    assert [record.value for record in dead] == [b"{not json", b'{"x": 1}']
    reasons = [dict(record.headers)[DLT_REASON].decode() for record in dead]
    assert "not JSON" in reasons[0]
    assert "missing CloudEvents headers" in reasons[1]
    assert dict(dead[0].headers)[DLT_CONSUMER_GROUP] == ACCEPTED_PROFESSIONALS_GROUP.encode()
    # The record is copied unchanged: original headers and key travel with it.
    assert dict(dead[0].headers)["ce_type"] == b"recruitment.applicant.accepted.v1"
    assert dead[0].key == key


async def test_event_whose_handler_keeps_failing_is_retried_then_dead_lettered(
    kafka: str, topic_prefix: str, database_url: str, monkeypatch: Any
) -> None:
    attempts: list[str] = []
    real_rule = ACCEPTED_PROFESSIONALS.rules[ApplicantAccepted]

    def failing_for_men(rows: TableRows, event: ApplicantAccepted, keys: Sequence[str]) -> None:
        if event.sex is Sex.MALE:
            attempts.append(str(event.application_id))
            raise RuntimeError("projection store refused the row")
        real_rule.apply(rows, event, keys)

    monkeypatch.setitem(
        ACCEPTED_PROFESSIONALS.rules, ApplicantAccepted, replace(real_rule, apply=failing_for_men)
    )
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_event(kafka, topic, accepted_event(4, Sex.MALE))
    await publish_event(kafka, topic, accepted_event(5, Sex.FEMALE))

    runtime = reporting_runtime(kafka, topic_prefix, database_url, consumer_max_attempts=3)
    async with running(runtime) as reporting:
        await eventually(lambda: _settled(reporting, {"applied": 1, "dead_lettered": 1}))
        dead = await read_records(kafka, f"{topic}.dlt", expected=1)
        assert accepted_in(await report_of(reporting), Track.TVET) == {Sex.FEMALE: 1, Sex.MALE: 0}

    # Once in its fetch's batch, whose transaction rolls back whole, then three times alone.
    assert attempts == [str(accepted_event(4).application_id)] * (1 + 3)
    reason = dict(dead[0].headers)[DLT_REASON].decode()
    assert reason.startswith("handler failed after 3 attempts: RuntimeError")
    assert json.loads(dead[0].value)["application_id"] == str(accepted_event(4).application_id)


async def test_an_outage_of_the_consumers_database_never_dead_letters_the_event(
    kafka: str, topic_prefix: str, database_url: str, monkeypatch: Any
) -> None:
    outage_left = [5]  # more failures than the retry budget of three attempts
    real_rule = ACCEPTED_PROFESSIONALS.rules[ApplicantAccepted]

    def store_down_for_a_while(rows: TableRows, event: Any, keys: Sequence[str]) -> None:
        if outage_left[0] > 0:
            outage_left[0] -= 1
            raise OperationalError("INSERT", {}, ConnectionRefusedError("database is down"))
        real_rule.apply(rows, event, keys)

    monkeypatch.setitem(
        ACCEPTED_PROFESSIONALS.rules,
        ApplicantAccepted,
        replace(real_rule, apply=store_down_for_a_while),
    )
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_event(kafka, topic, accepted_event(6, Sex.MALE))

    runtime = reporting_runtime(kafka, topic_prefix, database_url, consumer_max_attempts=3)
    async with running(runtime) as reporting:
        await eventually(lambda: _settled(reporting, {"applied": 1}), timeout=60)
        assert accepted_in(await report_of(reporting), Track.TVET)[Sex.MALE] == 1
    # The group's outcomes are exactly one applied: nothing went to the dead-letter topic.
    assert outage_left == [0]


async def test_unknown_event_type_is_skipped_counted_and_committed(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    known = accepted_event(10)
    headers = [
        ("ce_id", b"e-1"),
        ("ce_source", b"/elsewhere"),
        ("ce_type", b"recruitment.applicant.promoted.v1"),
        ("ce_specversion", b"1.0"),
    ]
    await produce_raw(kafka, topic, value=b"{}", key=known.aggregate_id.encode(), headers=headers)
    await publish_event(kafka, topic, known)

    async with running(reporting_runtime(kafka, topic_prefix, sqlite_url)) as reporting:
        group = kafka_group_id(ACCEPTED_PROFESSIONALS_GROUP, topic_prefix)
        await eventually(lambda: _settled(reporting, {"skipped": 1, "applied": 1}))
        await eventually(lambda: committed_to_end(kafka, topic, group))
        assert accepted_in(await report_of(reporting), Track.TVET)[Sex.FEMALE] == 1
        (consumer,) = [c for c in reporting.consumers if c.group_id == ACCEPTED_PROFESSIONALS_GROUP]
        assert consumer.skipped_unknown == 1


async def _settled(reporting: Any, expected: dict[str, int]) -> bool:
    """Whether the accepted-professionals group settled exactly these records so far."""
    metrics: dict[str, dict[str, int]] = reporting.consumer_metrics()
    return metrics.get(ACCEPTED_PROFESSIONALS_GROUP) == expected


async def test_withdrawal_after_acceptance_no_longer_counts(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    for index, sex in ((6, Sex.FEMALE), (7, Sex.MALE)):
        await publish_event(kafka, topic, accepted_event(index, sex))
    withdrawal = ApplicantWithdrew(
        application_id=accepted_event(6).application_id,
        call_id=accepted_event(6).call_id,
        track=Track.TVET,
        sex=Sex.FEMALE,
        was_accepted=True,
        withdrawn_at="2026-11-28T10:00:00Z",
    )
    never_accepted = withdrawal.model_copy(
        update={"application_id": accepted_event(8).application_id, "was_accepted": False}
    )
    for event in (withdrawal, never_accepted, accepted_event(9, Sex.MALE)):
        await publish_event(kafka, topic, event)

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        # The five events sit on several partitions: wait until every one is applied, not
        # just the one partition a single count depends on.
        await eventually(lambda: _settled(reporting, {"applied": 5}))
        assert accepted_in(await report_of(reporting), Track.TVET) == {Sex.FEMALE: 0, Sex.MALE: 2}
