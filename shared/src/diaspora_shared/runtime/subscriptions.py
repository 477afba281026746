"""Binds an `EventConsumer` to a FastStream Kafka subscriber.

The acknowledgement policy is manual: an offset is committed only after the record was applied,
recognised as a duplicate, ignored, or safely copied to the dead-letter topic.
"""

import asyncio
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from ..contracts.topics import qualified
from .consumer import EventConsumer
from .logging import get_logger

REDELIVERY_PAUSE_SECONDS = 1.0


async def _undecoded(message: StreamMessage[Any]) -> bytes:
    """Leave decoding to the consumer: FastStream's own JSON decoding would fail on a malformed
    value before any handler runs, and the record would be lost instead of dead-lettered."""
    return message.body


def subscribe(broker: KafkaBroker, consumer: EventConsumer, *, topic_prefix: str) -> None:
    topics = [qualified(topic, topic_prefix) for topic in consumer.topics]
    log = get_logger(consumer_group=consumer.group_id)

    async def handle_record(message: KafkaMessage) -> None:
        try:
            await consumer.process(message.raw_message)
        except Exception as error:
            # Not even the dead-letter copy succeeded (Kafka unreachable): rewind and try the
            # same record again after a pause, rather than skipping it.
            log.error("record not handled, will be read again", error=str(error)[:500])
            await message.nack()
            await asyncio.sleep(REDELIVERY_PAUSE_SECONDS)
            return
        await message.ack()

    broker.subscriber(
        *topics,
        group_id=consumer.group_id,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        decoder=_undecoded,
        title=f"{consumer.group_id}:{','.join(topics)}",
    )(handle_record)
