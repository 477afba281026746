"""Wait until a consumer group has committed every record of its topics: the exact moment all
copies of every event (duplicates included) were handled."""

from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from .kafka_helpers import eventually


async def wait_until_consumed(kafka: str, group_id: str, topics: list[str]) -> None:
    ends = await _end_offsets(kafka, topics)
    assert ends, f"no partitions found for {topics}"
    # A partition with no records needs no commit; an untouched one answers -1.
    due = {partition: end for partition, end in ends.items() if end > 0}

    async def caught_up() -> bool:
        committed = await _committed(kafka, group_id, list(due))
        return all(committed.get(partition, -1) >= end for partition, end in due.items())

    await eventually(caught_up, timeout=30)


async def _end_offsets(kafka: str, topics: list[str]) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        described: list[dict[str, Any]] = await admin.describe_topics(topics)
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]
    # Without a group, aiokafka 0.14's consumer fails at stop; this group never commits.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka,
        group_id=f"offset-reader-{uuid4().hex[:8]}",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return ends
    finally:
        await consumer.stop()


async def _committed(
    kafka: str, group_id: str, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group_id, partitions=partitions)
    finally:
        await admin.close()
    return {partition: meta.offset for partition, meta in offsets.items()}
