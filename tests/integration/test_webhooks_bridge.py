"""The bridge end to end on a real broker and PostgreSQL: public records on `public.*` reach an
approved partner endpoint as signed CloudEvents, once each though a record arrives twice; a
record that is not a public event is passed over without holding the later ones back."""

from diaspora_shared.contracts.public import RECRUITMENT_V1
from reporting.entrypoints.webhook_bridge import register_webhooks
from reporting.service_layer.webhook_signatures import verify_signature

from ..conftest import DatabaseFactory
from ..kafka_helpers import eventually, produce_raw
from ..runtimes import reporting_runtime, running
from ..webhook_receiver import running_receiver
from .webhook_support import accepted_event, approved_subscription, deliveries, event_ids


async def test_public_records_reach_the_partner_signed_and_once(
    kafka: str, topic_prefix: str, new_postgres_database: DatabaseFactory
) -> None:
    reporting = reporting_runtime(
        kafka,
        topic_prefix,
        await new_postgres_database(),
        webhook_allow_loopback_http=True,
        webhook_poll_interval_seconds=0.05,
    )
    register_webhooks(reporting)
    (first, key), (second, _) = accepted_event(1), accepted_event(2)
    topic = f"{topic_prefix}{RECRUITMENT_V1}"
    async with running_receiver() as receiver, running(reporting):
        subscription, secret = await approved_subscription(
            reporting.database, receiver.url("ministry")
        )
        for record in (first, first):  # the same public event twice
            await produce_raw(
                kafka,
                topic,
                key=key.encode(),
                value=record.kafka_value(),
                headers=record.kafka_headers(),
            )
        await produce_raw(kafka, topic, key=key.encode(), value=b"{not json", headers=[])
        await produce_raw(
            kafka,
            topic,
            key=key.encode(),
            value=second.kafka_value(),
            headers=second.kafka_headers(),
        )

        async def both_delivered() -> bool:
            rows = await deliveries(reporting.database, subscription)
            return [row.status for row in rows] == ["delivered", "delivered"]

        assert await eventually(both_delivered, timeout=60)

    received = receiver.delivered_to("ministry")
    assert event_ids([r.body for r in received]) == [first.id, second.id]
    for delivery in received:
        assert verify_signature(secret, delivery.headers["webhook-signature"], delivery.body)
