"""The client libraries the platform uses really work against the broker we run."""

import asyncio
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from diaspora_shared.contracts.events import CALLS_TOPIC
from diaspora_shared.runtime.kafka import create_producer

from ..kafka_helpers import read_records


async def test_aiokafka_produces_with_acks_all_and_idempotence_and_consumes(
    kafka: str, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}{CALLS_TOPIC}"
    producer = create_producer(kafka, client_id="test")
    await producer.start()
    try:
        for index in range(20):
            await producer.send_and_wait(topic, value=f"m{index}".encode(), key=b"same-key")
    finally:
        await producer.stop()

    records = await read_records(kafka, topic, expected=20)

    assert [record.value for record in records] == [f"m{i}".encode() for i in range(20)]


async def test_faststream_publishes_and_subscribes_on_the_real_broker(
    kafka: str, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}{CALLS_TOPIC}"
    received: asyncio.Queue[str] = asyncio.Queue()
    broker = KafkaBroker(kafka, logger=None)

    @broker.subscriber(
        topic,
        group_id=f"test-{uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.ACK,
    )
    async def on_message(body: str) -> None:
        await received.put(body)

    async with broker:
        await broker.start()
        await broker.publish("hello over kafka", topic=topic)
        assert await asyncio.wait_for(received.get(), timeout=30) == "hello over kafka"


async def test_undeclared_topics_are_not_created_on_the_fly(kafka: str) -> None:
    undeclared = f"never-declared-{uuid4().hex}"
    producer = AIOKafkaProducer(bootstrap_servers=kafka, request_timeout_ms=3000)
    await producer.start()
    try:
        with pytest.raises(KafkaError):
            await producer.send_and_wait(undeclared, b"lost?")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka)
    await consumer.start()
    try:
        assert undeclared not in await consumer.topics()
    finally:
        await consumer.stop()
