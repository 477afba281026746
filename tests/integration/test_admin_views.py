"""The officers' read-only views of a service's dead letters and parked outbox rows, mounted by the
app factory: officers only, paginated, malformed queries answered 422, nothing personal shown.
Real Kafka; the outbox on SQLite and PostgreSQL."""

import importlib
import json
from datetime import UTC, datetime
from types import SimpleNamespace
from uuid import uuid4

import pytest

from diaspora_shared.contracts.events import CALLS_TOPIC
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.outbox import OutboxMessage
from diaspora_shared.runtime.service import ServiceRuntime

from ..assertions import as_role
from .recruitment_http import officer, recruitment_client

pytestmark = pytest.mark.kafka

EMAIL = "ada.person@example.org"
PHONE = "+250 788 123 456"


def failed_record(topic: str, offset: int, key: bytes) -> SimpleNamespace:
    return SimpleNamespace(
        topic=topic,
        partition=0,
        offset=offset,
        key=key,
        value=json.dumps({"email": EMAIL}).encode(),
        headers=[("ce_id", str(uuid4()).encode()), ("ce_type", b"deployment.test.v1")],
    )


async def dead_letter_three(runtime: ServiceRuntime) -> str:
    """Two letters of the service's own group (one keyed by personal data), one of a stranger."""
    (consumer,) = runtime.consumers
    topic = runtime.settings.kafka_topic_prefix + consumer.topics[0]
    producer = create_producer(runtime.settings.kafka_bootstrap_servers, "test")
    await producer.start()
    try:
        own = DeadLetterPublisher(producer, consumer.group_id)
        await own.publish(failed_record(topic, 1, b"mission-1"), "handler failed: boom")
        await own.publish(failed_record(topic, 2, EMAIL.encode()), f"no contact {EMAIL} {PHONE}")
        stranger = DeadLetterPublisher(producer, "reporting.somebody-else")
        await stranger.publish(failed_record(topic, 3, b"mission-3"), "not ours")
    finally:
        await producer.stop()
    return topic


async def park(database: Database, key: str, reason: str) -> None:
    event_id = str(uuid4())
    row = OutboxMessage(
        event_id=event_id,
        topic=CALLS_TOPIC,
        message_key=key,
        event_type="test.row.v1",
        headers=json.dumps([("ce_id", event_id)]),
        payload=json.dumps({"email": EMAIL}),
        created_at=datetime.now(UTC),
        parked_at=datetime.now(UTC),
        park_reason=reason,
        attempts=5,
    )
    async with database.session() as session:
        session.add(row)
        await session.commit()


async def test_dead_letters_of_the_services_own_groups_are_listed_without_personal_data(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, sqlite_url) as (client, runtime):
        topic = await dead_letter_three(runtime)

        first = await client.get("/recruitment/admin/dead-letters?limit=1", headers=officer())
        second = await client.get(
            "/recruitment/admin/dead-letters?limit=1&skip=1", headers=officer()
        )

    assert first.status_code == 200 and second.status_code == 200
    assert (first.json()["total"], second.json()["total"]) == (2, 2)
    (boom,) = first.json()["items"]
    (personal,) = second.json()["items"]
    assert boom["original_topic"] == topic and boom["dead_letter_topic"] == f"{topic}.dlt"
    assert (boom["offset"], boom["key"], boom["event_type"]) == (
        0,
        "mission-1",
        "deployment.test.v1",
    )
    assert boom["reason"] == "handler failed: boom"
    assert personal["key"] is None
    assert personal["reason"].startswith("no contact [personal data removed]")
    assert EMAIL not in first.text + second.text and "788" not in second.text


async def test_parked_rows_are_paginated_with_identifier_keys_only(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, database_url) as (client, runtime):
        await park(runtime.database, "call-1", "MessageSizeTooLarge")
        await park(runtime.database, "someone with spaces", f"refused for {EMAIL}")
        await park(runtime.database, "call-3", "timeout")

        pages = [
            await client.get(
                f"/recruitment/admin/outbox/parked?limit=2&skip={skip}", headers=officer()
            )
            for skip in (0, 2)
        ]

    assert [page.status_code for page in pages] == [200, 200]
    items = pages[0].json()["items"] + pages[1].json()["items"]
    assert pages[0].json()["total"] == 3 and len(pages[0].json()["items"]) == 2
    assert [item["key"] for item in items] == ["call-1", None, "call-3"]
    assert [item["attempts"] for item in items] == [5, 5, 5]
    assert EMAIL not in pages[0].text


@pytest.mark.parametrize(
    "path", ["/recruitment/admin/dead-letters", "/recruitment/admin/outbox/parked"]
)
async def test_only_officers_may_read_and_malformed_queries_are_refused(
    kafka: str, topic_prefix: str, sqlite_url: str, path: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, sqlite_url) as (client, _runtime):
        anonymous = await client.get(path)
        applicant = await client.get(path, headers=as_role("applicant-1", Role.APPLICANT))
        malformed = [
            await client.get(f"{path}?{query}", headers=officer())
            for query in ("limit=0", "limit=101", "skip=-1", "limit=abc", "skip=1e9")
        ]

    assert anonymous.status_code == 401
    assert applicant.status_code == 403
    assert [answer.status_code for answer in malformed] == [422] * 5


@pytest.mark.parametrize("service", ["recruitment", "deployment", "grants", "reporting"])
def test_every_service_publishes_its_own_views_for_the_gateway(service: str) -> None:
    app_module = importlib.import_module(f"{service}.entrypoints.app")

    document = app_module.create_app().openapi()

    for view in ("dead-letters", "outbox/parked"):
        operation = document["paths"][f"/{service}/admin/{view}"]["get"]
        assert operation["x-roles"] == ["iom_officer"]
