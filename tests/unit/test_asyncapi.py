"""FastStream's AsyncAPI document describes every subscription: each group's topics and the
events it reads, with their field descriptions."""

from collections.abc import Mapping
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.consumer import BatchHandler, EventConsumer, EventHandler
from diaspora_shared.runtime.subscriptions import subscribe
from reporting.entrypoints.subscriptions import register_subscriptions


class DeclaredSubscriptions:
    """Collects what a service declares through `ServiceRuntime.consume`."""

    def __init__(self) -> None:
        self.groups: dict[str, Mapping[type[IntegrationEvent], EventHandler]] = {}
        self.batches: dict[str, BatchHandler | None] = {}

    def consume(
        self,
        group_id: str,
        handlers: Mapping[type[IntegrationEvent], EventHandler],
        *,
        batch: BatchHandler | None = None,
    ) -> None:
        self.groups[group_id] = handlers
        self.batches[group_id] = batch


def reporting_document() -> tuple[dict[str, Any], DeclaredSubscriptions]:
    declared = DeclaredSubscriptions()
    register_subscriptions(declared)  # type: ignore[arg-type]
    broker = KafkaBroker(logger=None)
    for group_id, handlers in declared.groups.items():
        consumer = EventConsumer(
            group_id=group_id,
            database=None,  # type: ignore[arg-type]
            handlers=handlers,
            dead_letters=None,  # type: ignore[arg-type]
            batch_handler=declared.batches[group_id],
        )
        subscribe(broker, consumer, topic_prefix="")
    document = AsyncAPI(broker, title="reporting", schema_version="3.0.0").to_specification()
    return document.to_jsonable(), declared


def test_every_subscribed_channel_and_event_is_documented() -> None:
    document, declared = reporting_document()

    assert document["asyncapi"] == "3.0.0"
    channels = document["channels"].values()
    messages = document["components"]["messages"]
    for group_id, handlers in declared.groups.items():
        for topic in {event.topic for event in handlers}:
            (channel,) = [
                c for c in channels if c["address"] == topic and group_id in c["description"]
            ]
            (reference,) = channel["messages"].values()
            message = messages[reference["$ref"].rsplit("/", 1)[-1]]
            documented = {
                option["$ref"].rsplit("/", 1)[-1] for option in message["payload"]["oneOf"]
            }
            assert {event.__name__ for event in handlers} <= documented
            for event in handlers:
                assert event.event_type in channel["description"]


def test_documented_events_explain_every_field() -> None:
    document, declared = reporting_document()
    schemas = document["components"]["schemas"]
    for handlers in declared.groups.values():
        for event in handlers:
            properties = schemas[event.__name__]["properties"]
            assert set(properties) == set(event.model_fields)
            assert all(field.get("description") for field in properties.values())
