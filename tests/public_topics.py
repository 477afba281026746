"""Reads every record of the public topics, up to the end each partition has now."""

from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, TopicPartition

from diaspora_shared.contracts.topics import PUBLIC_TOPICS


async def records_to_end(bootstrap: str, topic: str, partitions: int) -> list[Any]:
    """Every record of `topic`, from the first offset to the end offsets read at the start."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=f"test-public-reader-{uuid4().hex[:8]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        assigned = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(assigned)
        ends: dict[TopicPartition, int] = await consumer.end_offsets(assigned)
        await consumer.seek_to_beginning(*assigned)
        records: list[Any] = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=500)
            records.extend(record for batch in batches.values() for record in batch)
        return records
    finally:
        await consumer.stop()


async def public_records(bootstrap: str, prefix: str) -> dict[str, list[Any]]:
    return {
        spec.name: await records_to_end(bootstrap, f"{prefix}{spec.name}", spec.partitions)
        for spec in PUBLIC_TOPICS
    }
