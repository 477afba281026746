"""CloudEvents 1.0 envelope in Kafka binary mode.

Attributes travel as `ce_`-prefixed headers, the event's JSON data is the record value and the
aggregate id is the record key. Headers carry identifiers only, never personal data.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from pydantic import ValidationError

from .events import EVENTS_BY_TYPE, IntegrationEvent

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
CORRELATION_HEADER = "ce_correlationid"
REQUIRED_HEADERS = ("ce_id", "ce_source", "ce_type", "ce_specversion")

KafkaHeaders = Sequence[tuple[str, bytes]]


class MalformedEventError(ValueError):
    """A record that is not a valid event of ours; the reason says what is wrong."""


class UnknownEventTypeError(MalformedEventError):
    """A well-formed envelope whose type this code base does not know (yet)."""


@dataclass(frozen=True)
class Envelope:
    id: str
    source: str
    type: str
    time: datetime
    correlation_id: str
    key: str
    data: bytes

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        return [
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_specversion", SPEC_VERSION.encode()),
            ("ce_time", self.time.isoformat().encode()),
            (CORRELATION_HEADER, self.correlation_id.encode()),
            ("content-type", CONTENT_TYPE.encode()),
        ]

    @classmethod
    def from_kafka(
        cls, key: bytes | None, value: bytes | None, headers: KafkaHeaders
    ) -> "Envelope":
        attributes = _decode_headers(headers)
        missing = [name for name in REQUIRED_HEADERS if name not in attributes]
        if missing:
            raise MalformedEventError(f"missing CloudEvents headers: {', '.join(missing)}")
        if attributes["ce_specversion"] != SPEC_VERSION:
            raise MalformedEventError(f"unsupported specversion {attributes['ce_specversion']!r}")
        if value is None:
            raise MalformedEventError("record has no value")
        return cls(
            id=attributes["ce_id"],
            source=attributes["ce_source"],
            type=attributes["ce_type"],
            time=_parse_time(attributes.get("ce_time")),
            correlation_id=attributes.get(CORRELATION_HEADER, attributes["ce_id"]),
            key=key.decode("utf-8", errors="replace") if key else "",
            data=value,
        )


def envelope_for(
    event: IntegrationEvent, *, source: str, correlation_id: str | None = None
) -> Envelope:
    event_id = str(uuid4())
    return Envelope(
        id=event_id,
        source=source,
        type=event.event_type,
        time=datetime.now(UTC),
        correlation_id=correlation_id or event_id,
        key=event.aggregate_id,
        data=event.model_dump_json().encode(),
    )


def decode_event(envelope: Envelope) -> IntegrationEvent:
    """The event an envelope carries, read tolerantly: fields a newer producer added and this
    reader does not know are ignored, so adding an optional field needs no lockstep deploy."""
    event_class = EVENTS_BY_TYPE.get(envelope.type)
    if event_class is None:
        raise UnknownEventTypeError(f"unknown event type {envelope.type!r}")
    try:
        data = _known_fields(event_class, json.loads(envelope.data))
        return event_class.model_validate(data)
    except ValidationError as error:
        # Only locations and messages: the offending values may be personal data.
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}"
            for problem in error.errors(include_input=False, include_url=False)
        )
        raise MalformedEventError(f"invalid {envelope.type} data: {problems}") from error
    except ValueError as error:
        raise MalformedEventError(f"{envelope.type} data is not JSON: {error}") from error


def _known_fields(event_class: type[IntegrationEvent], data: object) -> object:
    """Drop the fields the contract does not declare; events stay strict when they are built."""
    if not isinstance(data, dict):
        return data
    declared = {field.alias or name for name, field in event_class.model_fields.items()}
    return {name: value for name, value in data.items() if name in declared}


def _decode_headers(headers: KafkaHeaders) -> dict[str, str]:
    try:
        return {name: raw.decode("utf-8") for name, raw in headers if raw is not None}
    except UnicodeDecodeError as error:
        raise MalformedEventError(f"header is not UTF-8: {error}") from error


def _parse_time(raw: str | None) -> datetime:
    if raw is None:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(raw)
    except ValueError as error:
        raise MalformedEventError(f"ce_time is not ISO 8601: {raw!r}") from error
