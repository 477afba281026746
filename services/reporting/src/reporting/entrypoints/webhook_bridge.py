"""Wires the webhook bridge into the reporting process: its consumer group on the public
topics (`reporting.webhooks`), which records deliveries, and the dispatcher that makes them.

The public records are CloudEvents rather than internal envelopes, so the group is bound here
with the shared runtime's conventions: manual acknowledgement after the transaction commits,
the `processed_events` ledger for idempotence, a record read again after a pause when it could
not be settled (`webhook_settling`: a record that cannot become a delivery goes to the bridge's
own dead-letter topic, so partners' deliveries never wait on it and nothing is passed over).
"""

import asyncio
from datetime import timedelta
from typing import Any

from faststream import AckPolicy
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from diaspora_shared.contracts.public import PUBLIC_TOPIC_NAMES
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.subscriptions import REDELIVERY_PAUSE_SECONDS, kafka_group_id

from ..service_layer.webhook_claims import Backoff
from ..service_layer.webhook_dispatcher import DeliveryPolicy, WebhookDispatcher
from ..service_layer.webhook_intake import WEBHOOKS_GROUP
from ..service_layer.webhook_log import prune_finished
from ..settings import ReportingSettings
from .webhook_settling import PublicRecordSettling


def register_webhooks(runtime: ServiceRuntime) -> WebhookDispatcher:
    settings = runtime.settings
    if not isinstance(settings, ReportingSettings):
        raise TypeError("the webhook bridge runs in the reporting service")
    dispatcher = WebhookDispatcher(runtime.database, delivery_policy(settings))
    runtime.periodic_jobs.append(dispatcher)
    retention = timedelta(days=settings.webhook_log_retention_days)
    runtime.every(
        "webhook-log-pruning",
        settings.housekeeping_interval_seconds,
        lambda: prune_finished(runtime.database, retention),
    )
    _subscribe(runtime, settings)
    return dispatcher


def delivery_policy(settings: ReportingSettings) -> DeliveryPolicy:
    return DeliveryPolicy(
        timeout_seconds=settings.webhook_timeout_seconds,
        backoff=Backoff(
            base_seconds=settings.webhook_backoff_seconds,
            max_seconds=settings.webhook_backoff_max_seconds,
            max_attempts=settings.webhook_max_attempts,
        ),
        allow_loopback=settings.webhook_allow_loopback_http,
        poll_interval_seconds=settings.webhook_poll_interval_seconds,
    )


def _subscribe(runtime: ServiceRuntime, settings: ReportingSettings) -> None:
    prefix = settings.kafka_topic_prefix
    group_id = kafka_group_id(WEBHOOKS_GROUP, prefix)

    async def undecoded(_message: StreamMessage[Any]) -> None:
        return None  # the handler reads the CloudEvent from the raw record itself

    subscriber = runtime.broker.subscriber(
        *(qualified(topic, prefix) for topic in PUBLIC_TOPIC_NAMES),
        group_id=group_id,
        group_instance_id=f"{settings.consumer_instance_name}.{group_id}",
        session_timeout_ms=settings.consumer_session_timeout_ms,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        decoder=undecoded,
        title=WEBHOOKS_GROUP,
        description=f"Consumer group {WEBHOOKS_GROUP}: public events for partners' webhooks.",
    )

    settling = PublicRecordSettling(
        runtime, topic_prefix=prefix, max_attempts=settings.consumer_max_attempts
    )

    async def public_event_for_webhooks(message: KafkaMessage) -> None:
        if await settling.settled(message.raw_message):
            await message.ack()
        else:
            await message.nack()
            await asyncio.sleep(REDELIVERY_PAUSE_SECONDS)

    subscriber(public_event_for_webhooks)
    runtime.watch_lag(WEBHOOKS_GROUP, subscriber)
