"""Reading a dead-letter topic and publishing its records again on their original topic.

A dead letter is the original record, unchanged, plus `dlt_*` headers saying why and where it
came from (`dead_letters.py`). Once the cause is fixed, the record goes back on its original
topic with its own key, value and headers: every consumer is idempotent on the event id, so a
group that had applied it skips the copy, and the group that failed applies it now.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from .dead_letters import DLT_CONSUMER_GROUP, DLT_FAILED_AT, DLT_ORIGINAL_TOPIC, DLT_REASON

DLT_HEADER_PREFIX = "dlt_"
READ_TIMEOUT_MS = 1000
# Empty polls after which the rest is taken as unreadable (a transaction marker, say).
MAX_IDLE = 5


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    def header(self, name: str) -> str:
        values = [value for key, value in self.headers if key == name]
        return values[-1].decode(errors="replace") if values else ""

    @property
    def original_topic(self) -> str:
        return self.header(DLT_ORIGINAL_TOPIC)

    @property
    def consumer_group(self) -> str:
        return self.header(DLT_CONSUMER_GROUP)

    @property
    def reason(self) -> str:
        return self.header(DLT_REASON)

    @property
    def failed_at(self) -> str:
        return self.header(DLT_FAILED_AT)

    def original_headers(self) -> list[tuple[str, bytes]]:
        return [(k, v) for k, v in self.headers if not k.startswith(DLT_HEADER_PREFIX)]


async def read_dead_letters(bootstrap_servers: str, dlt_topic: str) -> list[DeadLetter]:
    """Every record on the dead-letter topic now, oldest first; no consumer group is used, so
    reading commits nothing and can be repeated."""
    partitions = await _partitions(bootstrap_servers, dlt_topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        next_offsets = await consumer.beginning_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        letters: list[DeadLetter] = []
        # Counted from what was read, not from position(): the consumer fetches ahead.
        idle_polls = 0
        while any(next_offsets[tp] < ends[tp] for tp in partitions) and idle_polls < MAX_IDLE:
            batches = await consumer.getmany(*partitions, timeout_ms=READ_TIMEOUT_MS)
            idle_polls = 0 if batches else idle_polls + 1
            for tp, records in batches.items():
                letters.extend(_letter(r) for r in records if r.offset < ends[tp])
                next_offsets[tp] = max(next_offsets[tp], records[-1].offset + 1)
        return sorted(letters, key=lambda letter: (letter.partition, letter.offset))
    finally:
        await consumer.stop()


async def redrive(producer: AIOKafkaProducer, letters: Iterable[DeadLetter]) -> int:
    """Publish each letter on its original topic, acknowledged one by one, in order."""
    count = 0
    for letter in letters:
        if not letter.original_topic:
            raise ValueError(f"dead letter at offset {letter.offset} names no original topic")
        await producer.send_and_wait(
            letter.original_topic,
            value=letter.value,
            key=letter.key,
            headers=letter.original_headers(),
        )
        count += 1
    return count


async def _partitions(bootstrap_servers: str, topic: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if description["error_code"] != 0:
        raise LookupError(f"no topic {topic!r} on this cluster")
    numbers = sorted(partition["partition"] for partition in description["partitions"])
    return [TopicPartition(topic, number) for number in numbers]


def _letter(record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
    return DeadLetter(
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers or ()),
    )
