"""Dead-letter publishing: a record that cannot be handled is copied, unchanged, to `<topic>.dlt`
(or to a dead-letter topic of the consumer's own, for a topic partners read) with headers that
say why, so it is never lost and never blocks the records behind it."""

from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from ..contracts.topics import dead_letter_topic

DLT_REASON = "dlt_reason"
DLT_ORIGINAL_TOPIC = "dlt_original_topic"
DLT_ORIGINAL_PARTITION = "dlt_original_partition"
DLT_ORIGINAL_OFFSET = "dlt_original_offset"
DLT_CONSUMER_GROUP = "dlt_consumer_group"
DLT_FAILED_AT = "dlt_failed_at"
MAX_REASON_BYTES = 2000


class DeadLetterPublisher:
    def __init__(
        self, producer: AIOKafkaProducer, consumer_group: str, *, topic: str | None = None
    ) -> None:
        """`topic`, when given, takes every record instead of its topic's `.dlt` twin."""
        self._producer = producer
        self._consumer_group = consumer_group
        self._topic = topic

    async def publish(self, record: Any, reason: str) -> None:
        """Publish and wait for Kafka's acknowledgement; raises if the copy is not durable."""
        headers = [
            *(record.headers or ()),
            (DLT_REASON, reason.encode()[:MAX_REASON_BYTES]),
            (DLT_ORIGINAL_TOPIC, record.topic.encode()),
            (DLT_ORIGINAL_PARTITION, str(record.partition).encode()),
            (DLT_ORIGINAL_OFFSET, str(record.offset).encode()),
            (DLT_CONSUMER_GROUP, self._consumer_group.encode()),
            (DLT_FAILED_AT, datetime.now(UTC).isoformat().encode()),
        ]
        destination = self._topic or dead_letter_topic(record.topic)
        await self._producer.send_and_wait(
            destination, value=record.value, key=record.key, headers=headers
        )
