"""`platform-dead-letters`: what a consumer dead-lettered is listed with its reason, and goes back
on its original topic unchanged (key, value, headers) once the cause is fixed, on real Kafka."""

from types import SimpleNamespace

import pytest

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.topics import dead_letter_topic
from diaspora_shared.runtime.dead_letter_admin import read_dead_letters
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.dead_letters_cli import build_parser, run
from diaspora_shared.runtime.kafka import create_producer
from tests.kafka_helpers import read_records

pytestmark = pytest.mark.kafka

FUNNEL = "reporting.recruitment-funnel"
PUBLIC_FEED = "reporting.public-feed"


def failed_record(topic: str, offset: int, event_id: str) -> SimpleNamespace:
    """A record as the consumer received it, before it was dead-lettered."""
    return SimpleNamespace(
        topic=topic,
        partition=1,
        offset=offset,
        key=f"application-{offset}".encode(),
        value=b'{"application_id": "a"}',
        headers=[("ce_id", event_id.encode()), ("ce_type", b"recruitment.applicant.accepted")],
    )


async def dead_letter(kafka: str, prefix: str) -> list[SimpleNamespace]:
    topic = f"{prefix}{APPLICATIONS_TOPIC}"
    records = [failed_record(topic, 10, "e-10"), failed_record(topic, 11, "e-11")]
    producer = create_producer(kafka, "test")
    await producer.start()
    try:
        await DeadLetterPublisher(producer, FUNNEL).publish(records[0], "handler failed: boom")
        await DeadLetterPublisher(producer, PUBLIC_FEED).publish(records[1], "not decodable")
    finally:
        await producer.stop()
    return records


async def test_dead_letters_are_read_with_where_they_came_from_and_why(kafka, topic_prefix):
    records = await dead_letter(kafka, topic_prefix)

    letters = await read_dead_letters(
        kafka, dead_letter_topic(f"{topic_prefix}{APPLICATIONS_TOPIC}")
    )

    assert [(x.consumer_group, x.reason) for x in letters] == [
        (FUNNEL, "handler failed: boom"),
        (PUBLIC_FEED, "not decodable"),
    ]
    assert {x.original_topic for x in letters} == {records[0].topic}
    assert [x.original_headers() for x in letters] == [r.headers for r in records]


async def test_redrive_publishes_the_chosen_group_letters_again_unchanged(
    kafka, topic_prefix, capsys
):
    records = await dead_letter(kafka, topic_prefix)
    arguments = ["--topic", APPLICATIONS_TOPIC, "--bootstrap-servers", kafka]
    arguments += ["--prefix", topic_prefix, "--group", FUNNEL]

    await run(build_parser().parse_args(["list", *arguments]))
    listing = capsys.readouterr().out
    await run(build_parser().parse_args(["redrive", "--all", *arguments]))

    assert FUNNEL in listing and PUBLIC_FEED not in listing
    assert b"application_id" not in listing.encode()  # values are never printed
    (redriven,) = await read_records(kafka, records[0].topic, expected=1)
    assert (redriven.key, redriven.value) == (records[0].key, records[0].value)
    assert list(redriven.headers) == records[0].headers
    assert "published 1 record(s)" in capsys.readouterr().out
