"""Every service shows IOM officers, read-only, the dead letters its own consumer groups wrote
and its parked outbox rows, never a letter's value or key; anyone else is refused, bad
parameters get a 4xx, and the routes carry the policy the gateway needs to expose them."""

from datetime import UTC, datetime
from types import SimpleNamespace

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer

from ..assertions import as_role
from .recruitment_http import applicant, officer, recruitment_client
from .test_outbox_parking import add_rows, outbox_row

OURS = "recruitment.contact-entitlements"
THEIRS = "reporting.recruitment-funnel"
SECRET_VALUE = b'{"email": "someone@example.org"}'


def failed_record(topic: str, offset: int, event_id: str) -> SimpleNamespace:
    return SimpleNamespace(
        topic=topic,
        partition=0,
        offset=offset,
        key=b"key-that-is-not-shown",
        value=SECRET_VALUE,
        headers=[("ce_id", event_id.encode()), ("ce_type", b"recruitment.applicant.accepted.v1")],
    )


async def publish_dead_letters(kafka: str, prefix: str) -> None:
    topic = f"{prefix}{APPLICATIONS_TOPIC}"
    producer = create_producer(kafka, "test")
    await producer.start()
    try:
        await DeadLetterPublisher(producer, OURS).publish(
            failed_record(topic, 3, "e-ours"), "handler failed after 3 attempts: boom"
        )
        await DeadLetterPublisher(producer, THEIRS).publish(
            failed_record(topic, 4, "e-theirs"), "malformed: not JSON"
        )
    finally:
        await producer.stop()


async def test_officers_see_their_services_dead_letters_without_values(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    await publish_dead_letters(kafka, topic_prefix)
    async with recruitment_client(kafka, topic_prefix, sqlite_url) as (client, _):
        response = await client.get("/recruitment/operations/dead-letters", headers=officer())
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == 1
        (letter,) = body["letters"]
        assert letter["consumer_group"] == OURS
        assert letter["original_topic"] == f"{topic_prefix}{APPLICATIONS_TOPIC}"
        # Where the letter sits on the dead-letter topic: what `platform-dead-letters redrive
        # --offset` takes.
        assert (letter["partition"], letter["offset"]) == (0, 0)
        assert letter["event_id"] == "e-ours"
        assert letter["event_type"] == "recruitment.applicant.accepted.v1"
        assert letter["reason"].endswith("boom")
        assert "someone@example.org" not in response.text
        assert "key-that-is-not-shown" not in response.text


async def test_officers_see_parked_outbox_rows(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        parked = outbox_row(
            "call-1", parked_at=datetime.now(UTC), park_reason="MessageSizeTooLargeError"
        )
        (seq,) = await add_rows(runtime.database, parked)
        response = await client.get("/recruitment/operations/outbox/parked", headers=officer())
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == 1
        assert body["rows"][0]["seq"] == seq
        assert body["rows"][0]["reason"] == "MessageSizeTooLargeError"


async def test_only_officers_and_sane_parameters_are_served(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, sqlite_url) as (client, _):
        for path in (
            "/recruitment/operations/dead-letters",
            "/recruitment/operations/outbox/parked",
        ):
            assert (await client.get(path)).status_code == 401
            assert (await client.get(path, headers=applicant())).status_code == 403
            ministry = as_role("minaffet-1", Role.MINISTRY_VIEWER)
            assert (await client.get(path, headers=ministry)).status_code == 403
            for limit in ("0", "501", "many", "-1"):
                refused = await client.get(path, params={"limit": limit}, headers=officer())
                assert refused.status_code == 422, (path, limit, refused.text)
        document = (await client.get("/openapi.json")).json()
        for path in (
            "/recruitment/operations/dead-letters",
            "/recruitment/operations/outbox/parked",
        ):
            assert document["paths"][path]["get"]["x-roles"] == ["iom_officer"]
