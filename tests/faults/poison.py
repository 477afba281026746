"""Records the platform's consumers must survive: bytes that are no event at all (they go to
the dead-letter topic) and well-formed events of a type no consumer knows yet (skipped)."""

import asyncio
import json
from uuid import uuid4

from aiokafka import AIOKafkaProducer

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC

UNKNOWN_TYPE = "recruitment.application.shortlisted.v9"


async def flood(bootstrap: str, *, undecodable: int, unknown: int) -> list[str]:
    """Publish the records; returns the ids of the unknown-type events."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    unknown_ids = [str(uuid4()) for _ in range(unknown)]
    deliveries = []
    try:
        for number in range(undecodable):
            value = b"\xff\xfe not an event " + str(number).encode()
            deliveries.append(
                await producer.send(APPLICATIONS_TOPIC, value=value, key=uuid4().bytes)
            )
        for event_id in unknown_ids:
            key = str(uuid4())
            delivery = await producer.send(
                APPLICATIONS_TOPIC,
                value=json.dumps({"application_id": key, "rank": 1}).encode(),
                key=key.encode(),
                headers=_cloudevents_headers(event_id),
            )
            deliveries.append(delivery)
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
    return unknown_ids


def _cloudevents_headers(event_id: str) -> list[tuple[str, bytes]]:
    return [
        ("ce_id", event_id.encode()),
        ("ce_source", b"/iom/diaspora/recruitment"),
        ("ce_type", UNKNOWN_TYPE.encode()),
        ("ce_specversion", b"1.0"),
        ("content-type", b"application/json"),
    ]
