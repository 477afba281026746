"""Wait until a consumer group has committed every record of its topics: the exact moment all
copies of every event (duplicates included) were handled."""

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from .kafka_helpers import eventually


async def wait_until_consumed(kafka: str, group_id: str, topics: list[str]) -> None:
    ends = await _end_offsets(kafka, topics)

    async def caught_up() -> bool:
        committed = await _committed(kafka, group_id, list(ends))
        return all(committed.get(partition, -1) >= end for partition, end in ends.items())

    await eventually(caught_up, timeout=30)


async def _end_offsets(kafka: str, topics: list[str]) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka)
    await consumer.start()
    try:
        await consumer.topics()  # fetches the metadata that names every partition
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
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
