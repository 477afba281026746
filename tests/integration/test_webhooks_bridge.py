"""The bridge end to end on a real broker and PostgreSQL: public records on `public.*` reach an
approved partner endpoint as signed CloudEvents, once each though a record arrives twice; a
record that is not a public event, or whose deliveries cannot be recorded, goes to the bridge's
own dead-letter topic without holding the later ones back."""

from typing import Any

import pytest

from diaspora_shared.contracts.public import RECRUITMENT_V1
from diaspora_shared.contracts.topics import WEBHOOKS_DEAD_LETTERS
from diaspora_shared.runtime.dead_letter_admin import DeadLetter, read_dead_letters
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints import webhook_settling
from reporting.entrypoints.webhook_bridge import register_webhooks
from reporting.service_layer.webhook_intake import WEBHOOKS_GROUP, enqueue
from reporting.service_layer.webhook_signatures import verify_signature

from ..conftest import DatabaseFactory
from ..kafka_helpers import eventually, produce_raw
from ..runtimes import reporting_runtime, running
from ..webhook_receiver import running_receiver
from .webhook_support import accepted_event, approved_subscription, deliveries, event_ids


async def test_public_records_reach_the_partner_signed_and_once(
    kafka: str, topic_prefix: str, new_postgres_database: DatabaseFactory
) -> None:
    reporting = bridge(kafka, topic_prefix, await new_postgres_database())
    (first, key), (second, _) = accepted_event(1), accepted_event(2)
    topic = f"{topic_prefix}{RECRUITMENT_V1}"
    async with running_receiver() as receiver, running(reporting):
        subscription, secret = await approved_subscription(
            reporting.database, receiver.url("ministry")
        )
        await publish(kafka, topic, key, first, first)  # the same public event twice
        await produce_raw(kafka, topic, key=key.encode(), value=b"{not json", headers=[])
        await publish(kafka, topic, key, second)
        assert await eventually(delivered(reporting, subscription, 2), timeout=60)

    received = receiver.delivered_to("ministry")
    assert event_ids([r.body for r in received]) == [first.id, second.id]
    for delivery in received:
        assert verify_signature(secret, delivery.headers["webhook-signature"], delivery.body)
    [letter] = await bridge_dead_letters(kafka, topic_prefix)
    assert letter.value == b"{not json"
    assert letter.reason.startswith("malformed: ")
    assert (letter.original_topic, letter.consumer_group) == (topic, WEBHOOKS_GROUP)


async def test_a_record_whose_deliveries_keep_failing_is_dead_lettered_after_its_attempts(
    kafka: str,
    topic_prefix: str,
    new_postgres_database: DatabaseFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reporting = bridge(kafka, topic_prefix, await new_postgres_database(), consumer_max_attempts=2)
    (failing, key), (second, _) = accepted_event(1), accepted_event(2)
    attempts: list[str] = []
    real_enqueue = enqueue

    async def enqueue_refusing_the_first(session: Any, event: Any, record_key: str) -> int:
        if event.id == failing.id:
            attempts.append(event.id)
            raise LookupError("a rule that cannot take this event")
        return await real_enqueue(session, event, record_key)

    monkeypatch.setattr(webhook_settling, "enqueue", enqueue_refusing_the_first)
    topic = f"{topic_prefix}{RECRUITMENT_V1}"
    async with running_receiver() as receiver, running(reporting):
        subscription, _ = await approved_subscription(reporting.database, receiver.url("ministry"))
        await publish(kafka, topic, key, failing, second)
        assert await eventually(delivered(reporting, subscription, 1), timeout=60)

    assert event_ids([r.body for r in receiver.delivered_to("ministry")]) == [second.id]
    assert attempts == [failing.id, failing.id]  # its attempts, then no more
    [letter] = await bridge_dead_letters(kafka, topic_prefix)
    assert letter.value == failing.kafka_value()
    assert letter.reason == "deliveries not recorded after 2 attempts: LookupError"


def bridge(kafka: str, topic_prefix: str, database_url: str, **overrides: Any) -> ServiceRuntime:
    """Reporting's runtime with the webhook bridge, delivering to a loopback receiver."""
    reporting = reporting_runtime(
        kafka,
        topic_prefix,
        database_url,
        webhook_allow_loopback_http=True,
        webhook_poll_interval_seconds=0.05,
        **overrides,
    )
    register_webhooks(reporting)
    return reporting


async def publish(kafka: str, topic: str, key: str, *events: Any) -> None:
    for event in events:
        await produce_raw(
            kafka, topic, key=key.encode(), value=event.kafka_value(), headers=event.kafka_headers()
        )


def delivered(reporting: Any, subscription: Any, count: int) -> Any:
    async def all_delivered() -> bool:
        rows = await deliveries(reporting.database, subscription)
        return [row.status for row in rows] == ["delivered"] * count

    return all_delivered


async def bridge_dead_letters(kafka: str, topic_prefix: str) -> list[DeadLetter]:
    return await read_dead_letters(kafka, f"{topic_prefix}{WEBHOOKS_DEAD_LETTERS}")
