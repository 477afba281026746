"""How the webhook bridge settles one public record: its deliveries recorded, or the record
copied to the bridge's own dead-letter topic with the reason. Either way it is settled once and
the records behind it move on; nothing is passed over without a copy.

A record that is not a valid public CloudEvent cannot become a delivery and goes to the dead
letters at once. When recording the deliveries fails, a database outage is waited out (the
record is read again after a pause, as long as it takes), while any other failure is tried
`max_attempts` times and then dead-lettered, so one record never holds its partition forever.

The dead letters go to `reporting.webhooks.dlt`, not to the public topic's `.dlt` twin: partners
may read every topic under `public.`, and what the bridge could not take is not theirs."""

from typing import Any

from diaspora_shared.contracts.public import InvalidPublicEventError, cloud_event_from_kafka
from diaspora_shared.contracts.topics import WEBHOOKS_DEAD_LETTERS, qualified
from diaspora_shared.runtime.consumer import Outcome, is_store_outage
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.logging import get_logger
from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.webhook_intake import WEBHOOKS_GROUP, enqueue

Position = tuple[str, int, int]


class PublicRecordSettling:
    def __init__(self, runtime: ServiceRuntime, *, topic_prefix: str, max_attempts: int) -> None:
        self._runtime = runtime
        self._dead_letter_topic = qualified(WEBHOOKS_DEAD_LETTERS, topic_prefix)
        self._max_attempts = max_attempts
        self._failures: dict[Position, int] = {}
        """Failed attempts of the records failing now; forgotten once a record is settled."""

    async def settled(self, record: Any) -> bool:
        """True once the record is settled; False when it must be read again."""
        log = get_logger(
            consumer_group=WEBHOOKS_GROUP,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )
        try:
            event = cloud_event_from_kafka(record.value, record.headers or ())
        except InvalidPublicEventError as error:
            return await self._set_aside(record, f"malformed: {error}", log)
        key = (record.key or b"").decode("utf-8", errors="replace")
        position = (record.topic, record.partition, record.offset)
        try:
            async with self._runtime.database.session() as session:
                deliveries = await enqueue(session, event, key)
                await session.commit()
        except Exception as error:
            if is_store_outage(error):
                log.error("deliveries not recorded, database unavailable; will read again")
                return False
            failures = self._failures.get(position, 0) + 1
            if failures < self._max_attempts:
                self._failures[position] = failures
                log.error(
                    "deliveries not recorded, will read again",
                    error=type(error).__name__,
                    attempt=failures,
                )
                return False
            reason = f"deliveries not recorded after {failures} attempts: {type(error).__name__}"
            if not await self._set_aside(record, reason, log):
                return False
            self._failures.pop(position, None)
            return True
        self._failures.pop(position, None)
        self._runtime.metrics.event_settled(WEBHOOKS_GROUP, record.topic, Outcome.APPLIED)
        log.info("public event taken for webhooks", event_id=event.id, deliveries=deliveries)
        return True

    async def _set_aside(self, record: Any, reason: str, log: Any) -> bool:
        publisher = DeadLetterPublisher(
            self._runtime.producer, WEBHOOKS_GROUP, topic=self._dead_letter_topic
        )
        try:
            await publisher.publish(record, reason)
        except Exception as error:
            # Not durable: settling it now would lose the record. Read it again.
            log.error("dead letter not written, will read again", error=type(error).__name__)
            return False
        self._runtime.metrics.event_settled(WEBHOOKS_GROUP, record.topic, Outcome.DEAD_LETTERED)
        log.warning("public record sent to the bridge's dead letters", reason=reason[:300])
        return True
