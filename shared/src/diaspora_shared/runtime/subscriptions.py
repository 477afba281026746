"""Binds an `EventConsumer` to a FastStream Kafka subscriber.

The subscriber has one typed handler per event type the consumer handles, so FastStream's
AsyncAPI document describes every message a group reads, and one last handler that settles
everything else. Its decoder turns a record into its event, or into a marker saying why it is
not one (a type this consumer does not handle, or an undecodable record); the decoder never
raises, so FastStream never drops a record on its own.

The acknowledgement policy is manual: an offset is committed only after the record was applied,
recognised as a duplicate, skipped, or safely copied to the dead-letter topic.

A consumer with a batch handler gets a batch subscriber instead: one handler takes each fetch
(up to `consumer_batch_max_records` records) and settles it in one transaction
(`consumer_batch`); the offsets are committed only after that, and a fetch that could not be
settled is read again from its first record.

Membership is static: a restarted instance presents the same `group_instance_id` and takes its
partitions back at once, instead of waiting for its former session to expire.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from ..contracts.events import IntegrationEvent
from ..contracts.topics import qualified
from .consumer import Decoded, EventConsumer, Undecodable, Unhandled
from .consumer_batch import settle_fetch
from .logging import get_logger
from .settings import DEFAULT_BATCH_MAX_RECORDS

REDELIVERY_PAUSE_SECONDS = 1.0


@dataclass(frozen=True)
class Membership:
    """How a service instance joins its consumer groups."""

    instance_name: str
    """Stable per service instance (for example its host name); survives restarts."""

    session_timeout_ms: int = 10_000


def kafka_group_id(group_id: str, topic_prefix: str) -> str:
    """The group's name on the broker: environments sharing a broker keep separate groups."""
    return qualified(group_id, topic_prefix)


def subscribe(
    broker: KafkaBroker,
    consumer: EventConsumer,
    *,
    topic_prefix: str,
    membership: Membership | None = None,
    batch_max_records: int = DEFAULT_BATCH_MAX_RECORDS,
) -> Any:
    """Returns the FastStream subscriber; its `consumer` is the Kafka consumer once started."""
    topics = [qualified(topic, topic_prefix) for topic in consumer.topics]
    group_id = kafka_group_id(consumer.group_id, topic_prefix)

    async def decode(message: StreamMessage[Any]) -> Decoded:
        return consumer.decode(message.raw_message)

    options: dict[str, Any] = {
        "group_id": group_id,
        "group_instance_id": f"{membership.instance_name}.{group_id}" if membership else None,
        "session_timeout_ms": membership.session_timeout_ms if membership else 10_000,
        "ack_policy": AckPolicy.MANUAL,
        "auto_offset_reset": "earliest",
        "title": consumer.group_id,
        "description": f"Consumer group {consumer.group_id}: {_names(consumer)}.",
    }
    if consumer.batch_handler is not None:
        return _subscribe_batches(broker, consumer, topics, options, batch_max_records)
    subscriber = broker.subscriber(*topics, decoder=decode, **options)
    for event_class in consumer.handled_events:
        subscriber(_typed_handler(consumer, event_class), filter=_carrying(event_class))
    subscriber(_rest_handler(consumer))
    return subscriber


# An idle batch subscriber waits this long for records, then FastStream sleeps as long again
# before the next fetch: an event arriving in that sleep waits it out. With FastStream's default
# (200 ms) the live projections trailed a quiet system by up to 400 ms. Under load a fetch
# returns as soon as records arrive, so this only bounds the delay after a quiet spell; the
# price is an empty poll per group every 50 ms while nothing happens.
IDLE_BATCH_WAIT_MS = 25


def _subscribe_batches(
    broker: KafkaBroker,
    consumer: EventConsumer,
    topics: list[str],
    options: dict[str, Any],
    max_records: int,
) -> Any:
    """One handler takes every fetch whole (`consumer_batch`). The typed handlers never match
    a batch: they are there so the AsyncAPI document lists the events the group reads, as it
    does for a per-record subscriber."""

    async def records_as_they_are(message: StreamMessage[Any]) -> None:
        return None  # the batch handler decodes each record itself, once

    subscriber = broker.subscriber(
        *topics,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=IDLE_BATCH_WAIT_MS,
        decoder=records_as_they_are,
        **options,
    )
    for event_class in consumer.handled_events:
        subscriber(_documented(event_class), filter=_no_batch)

    async def fetched(message: KafkaMessage) -> None:
        await _settled(consumer, message, settle_fetch(consumer, message.raw_message))

    subscriber(fetched)
    return subscriber


def _documented(event_class: type[IntegrationEvent]) -> Callable[..., Awaitable[None]]:
    async def describe(event: IntegrationEvent) -> None:
        raise AssertionError("a documentation handler never receives a batch")

    describe.__annotations__["event"] = event_class
    describe.__name__ = describe.__qualname__ = event_class.__name__
    return describe


async def _no_batch(_message: StreamMessage[Any]) -> bool:
    return False


def _typed_handler(
    consumer: EventConsumer, event_class: type[IntegrationEvent]
) -> Callable[..., Awaitable[None]]:
    async def handle(event: IntegrationEvent, message: KafkaMessage) -> None:
        await _settled(consumer, message, consumer.apply(message.raw_message, event))

    # FastStream reads the annotation to validate the payload and to document the message.
    handle.__annotations__["event"] = event_class
    handle.__name__ = handle.__qualname__ = event_class.__name__
    return handle


def _rest_handler(consumer: EventConsumer) -> Callable[..., Awaitable[None]]:
    # No payload parameter: what it receives is not a message of the contract, so it stays out
    # of the AsyncAPI document. The decoded value comes from the message's cache.
    async def unhandled_or_undecodable(message: KafkaMessage) -> None:
        decoded = await message.decode()
        assert isinstance(decoded, Unhandled | Undecodable)  # the typed handlers took the rest
        await _settled(consumer, message, consumer.set_aside(message.raw_message, decoded))

    return unhandled_or_undecodable


def _carrying(event_class: type[IntegrationEvent]) -> Callable[[Any], Awaitable[bool]]:
    async def carries(message: StreamMessage[Any]) -> bool:
        return type(await message.decode()) is event_class

    return carries


async def _settled(
    consumer: EventConsumer, message: KafkaMessage, settling: Awaitable[object]
) -> None:
    try:
        await settling
    except Exception as error:
        # Not even the dead-letter copy succeeded (Kafka unreachable): rewind and try the
        # same record again after a pause, rather than skipping it.
        get_logger(consumer_group=consumer.group_id).error(
            "record not handled, will be read again", error=str(error)[:500]
        )
        await message.nack()
        await asyncio.sleep(REDELIVERY_PAUSE_SECONDS)
        return
    await message.ack()


def _names(consumer: EventConsumer) -> str:
    return ", ".join(event_class.event_type for event_class in consumer.handled_events)
