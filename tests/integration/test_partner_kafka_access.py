"""Partners on Kafka: a broker started by `kafka.sh` with its partner listener authenticates
partners with SCRAM-SHA-512 and lets one read only the public topics, with consumer groups of its
own prefix; the internal topics stay invisible and unreadable to it, and it cannot write."""

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)

from diaspora_shared.contracts.admin import ensure_topics
from diaspora_shared.contracts.topics import PUBLIC_TOPICS, qualified

from ..faults.broker import OwnBroker

PARTNER = "acme-mis"
PREFIX = "partners."
PUBLIC = qualified(PUBLIC_TOPICS[0].name, PREFIX)
INTERNAL = qualified("recruitment.applications", PREFIX)


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnBroker]:
    own = OwnBroker.in_directory(
        Path(tmp_path_factory.mktemp("partner-broker")), with_partners=True
    )
    own.up()
    try:
        yield own
    finally:
        own.down()


@pytest.fixture(scope="module")
def password(broker: OwnBroker) -> str:
    chosen = secrets.token_urlsafe(18)
    broker.add_partner(PARTNER, chosen, PREFIX)
    return chosen


def as_partner(broker: OwnBroker, password: str, **options: object) -> dict[str, object]:
    return {
        "bootstrap_servers": f"127.0.0.1:{broker.partner_port}",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": PARTNER,
        "sasl_plain_password": password,
        **options,
    }


async def published(broker: OwnBroker) -> None:
    """One record on a public topic and one on an internal one, written internally."""
    await ensure_topics(broker.bootstrap, PREFIX)
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(PUBLIC, b'{"public": true}', partition=0)
        await producer.send_and_wait(INTERNAL, b'{"internal": true}', partition=0)
    finally:
        await producer.stop()


async def first_record(consumer: AIOKafkaConsumer, topic: str) -> bytes | None:
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek(tp, 0)
    batches = await consumer.getmany(tp, timeout_ms=5_000)
    records = batches.get(tp, [])
    return records[0].value if records else None


async def test_a_partner_reads_public_topics_only(broker: OwnBroker, password: str) -> None:
    await published(broker)

    reader = AIOKafkaConsumer(
        **as_partner(
            broker,
            password,
            group_id=f"partner-{PARTNER}-feed",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
    )
    await reader.start()
    try:
        reader.subscribe([PUBLIC])
        record = await asyncio.wait_for(reader.getone(), 30)
        assert record.value == b'{"public": true}'
        await reader.commit()  # its own group may keep its position
        visible = await reader.topics()
    finally:
        await reader.stop()
    assert PUBLIC in visible
    assert INTERNAL not in visible
    assert all(name.startswith(f"{PREFIX}public.") for name in visible)

    # The internal topic holds a record (read internally), yet the partner gets nothing of it.
    internal_reader = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap)
    await internal_reader.start()
    try:
        assert await first_record(internal_reader, INTERNAL) == b'{"internal": true}'
    finally:
        await internal_reader.stop()
    snooper = AIOKafkaConsumer(**as_partner(broker, password, enable_auto_commit=False))
    await snooper.start()
    try:
        assert await first_record(snooper, INTERNAL) is None
    finally:
        await snooper.stop()


async def test_a_partner_cannot_use_another_group_or_write(
    broker: OwnBroker, password: str
) -> None:
    await published(broker)
    outsider = AIOKafkaConsumer(
        **as_partner(broker, password, group_id="reporting.public-feed", enable_auto_commit=False)
    )
    await outsider.start()
    try:
        outsider.subscribe([PUBLIC])
        with pytest.raises(GroupAuthorizationFailedError):
            await asyncio.wait_for(outsider.getone(), 30)
    finally:
        await outsider.stop()

    writer = AIOKafkaProducer(**as_partner(broker, password, request_timeout_ms=10_000))
    await writer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await writer.send_and_wait(PUBLIC, b'{"forged": true}')
    finally:
        await writer.stop()


async def test_a_wrong_password_is_refused(broker: OwnBroker, password: str) -> None:
    intruder = AIOKafkaConsumer(**as_partner(broker, password + "x"))
    with pytest.raises(KafkaConnectionError):
        await intruder.start()
    await intruder.stop()
