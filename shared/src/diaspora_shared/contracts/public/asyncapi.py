"""The AsyncAPI 3.0 document of the public topics, generated from the public contracts.

One channel per public topic, one message per public event type with its JSON Schema (pydantic's,
definitions hoisted to `components.schemas`), an example, Kafka bindings for the key and the
CloudEvents headers, and the SASL/SCRAM scheme partners authenticate with.
"""

from datetime import UTC, datetime
from typing import Any

from ..topics import PUBLIC_TOPICS, TopicSpec
from .base import PublicEvent
from .catalogue import events_on
from .cloudevent import PUBLIC_SOURCE, cloud_event_for

ASYNCAPI_VERSION = "3.0.0"
DOCUMENT_VERSION = "1.0.0"
KAFKA_BINDING = "0.5.0"
EXAMPLE_TIME = datetime(2026, 5, 1, tzinfo=UTC)
SCHEMA_REF = "#/components/schemas/{model}"
SECURITY_REF = {"$ref": "#/components/securitySchemes/partnerScram"}
DESCRIPTION = (
    "Events partner systems may read from IOM's Rwandan diaspora programmes: calls, "
    "acceptances, missions, training, grants and jobs. CloudEvents 1.0 in Kafka binary mode: "
    "attributes in `ce_` headers, data as the JSON value. No record identifies a person: no "
    "person or application identifier, no sex or country of a professional, dates coarsened "
    "to the month. A record may be delivered more than once; its `ce_id` is stable, so keep "
    "the ids you have applied. Partners read with consumer groups named `partner-<name>-...`."
)


def asyncapi_document(kafka_host: str = "kafka.diaspora.example:9094") -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    messages = {
        _message_name(event): _message(event, schemas)
        for spec in PUBLIC_TOPICS
        for event in events_on(spec.name)
    }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Diaspora programmes: public partner events",
            "version": DOCUMENT_VERSION,
            "description": DESCRIPTION,
        },
        "defaultContentType": "application/json",
        "servers": {"partners": _server(kafka_host)},
        "channels": {_channel_id(spec): _channel(spec) for spec in PUBLIC_TOPICS},
        "operations": _operations(),
        "components": {
            "messages": messages,
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {"partnerScram": _security_scheme()},
        },
    }


def _server(kafka_host: str) -> dict[str, Any]:
    return {
        "host": kafka_host,
        "protocol": "kafka",
        "description": "The platform's Kafka listener for partners (SASL/SCRAM).",
        "security": [SECURITY_REF],
    }


def _security_scheme() -> dict[str, Any]:
    return {
        "type": "scramSha512",
        "description": "A SCRAM-SHA-512 principal per partner, issued by IOM; it may read "
        "`public.*` only, with consumer groups whose names start with `partner-<name>-`.",
    }


def _channel_id(spec: TopicSpec) -> str:
    return spec.name.replace(".", "-")


def _channel(spec: TopicSpec) -> dict[str, Any]:
    return {
        "address": spec.name,
        "description": spec.description,
        "messages": {
            _message_name(event): {"$ref": f"#/components/messages/{_message_name(event)}"}
            for event in events_on(spec.name)
        },
        "bindings": {
            "kafka": {
                "topic": spec.name,
                "partitions": spec.partitions,
                "topicConfiguration": {"retention.ms": int(spec.config["retention.ms"])},
                "bindingVersion": KAFKA_BINDING,
            }
        },
    }


def _operations() -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for spec in PUBLIC_TOPICS:
        channel = _channel_id(spec)
        operations[f"receive-{channel}"] = {
            "action": "receive",
            "summary": f"Read {spec.name}.",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [
                {"$ref": f"#/channels/{channel}/messages/{_message_name(event)}"}
                for event in events_on(spec.name)
            ],
        }
    return operations


def _message_name(event: type[PublicEvent]) -> str:
    return event.__name__


def _message(event: type[PublicEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    payload = event.model_json_schema(ref_template=SCHEMA_REF)
    schemas.update(payload.pop("$defs", {}))
    return {
        "name": event.event_type,
        "title": event.__name__,
        "summary": (event.__doc__ or "").strip(),
        "contentType": "application/json",
        "headers": _headers_schema(event),
        "payload": payload,
        "bindings": {
            "kafka": {
                "key": {
                    "type": "string",
                    "description": f"The event's `{event.key_field}`: an organisation, "
                    "never a person; one key's events stay in order.",
                },
                "bindingVersion": KAFKA_BINDING,
            }
        },
        "examples": [_example(event)],
    }


def _headers_schema(event: type[PublicEvent]) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["ce_id", "ce_source", "ce_type", "ce_specversion"],
        "properties": {
            "ce_id": {**text, "description": "Event id, stable across redeliveries."},
            "ce_source": {**text, "const": PUBLIC_SOURCE},
            "ce_type": {**text, "const": event.event_type},
            "ce_specversion": {**text, "const": "1.0"},
            "ce_time": {**text, "format": "date-time", "description": "Start of the month."},
            "content-type": {**text, "const": "application/json"},
        },
    }


def _example(event: type[PublicEvent]) -> dict[str, Any]:
    data = event.model_validate(event.example)
    cloud = cloud_event_for(data, source_event_id="example", time=EXAMPLE_TIME)
    headers = {name: value.decode() for name, value in cloud.kafka_headers()}
    return {"name": "example", "headers": headers, "payload": cloud.data}
