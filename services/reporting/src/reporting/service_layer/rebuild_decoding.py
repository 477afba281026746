"""Decoding for the rebuild: the live subscriber's acceptance rules, at batch speed.

The CloudEvents headers are checked with the same rules as `Envelope.from_kafka` without
building an envelope, and the value is validated by the event's own pydantic model straight from
the JSON bytes (`model_validate_json`, as fast as a bare `json.loads`). A record the fast path
refuses goes through the live subscriber's own decoder, which gives the exact reason."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple

from diaspora_shared.contracts.envelope import (
    REQUIRED_HEADERS,
    SPEC_VERSION,
    Envelope,
    MalformedEventError,
    decode_event,
)
from diaspora_shared.contracts.events import EVENTS_BY_TYPE, IntegrationEvent


class Decoded(NamedTuple):
    """What a record is to a projection: an event to apply (with its id), a record of a type it
    does not read (`event` is None), or a malformed record (`malformed` says why)."""

    event: IntegrationEvent | None = None
    event_id: bytes = b""
    malformed: str | None = None


IGNORED = Decoded()


_REQUIRED = frozenset(REQUIRED_HEADERS)
_SPEC_VERSION = SPEC_VERSION.encode()


class RecordDecoder:
    def __init__(self, handled: Mapping[str, type[IntegrationEvent]]) -> None:
        # Keyed by the raw header bytes, so the fast path decodes only the time header.
        self._handled = {name.encode(): event_class for name, event_class in handled.items()}
        self._known = {name.encode() for name in EVENTS_BY_TYPE}

    def decode(self, record: Any) -> Decoded:
        try:
            headers = record.headers
            attributes = dict(headers)
            event_type = attributes["ce_type"]
            event_class = self._handled.get(event_type)
            valid = record.value is not None and _headers_valid(attributes, headers)
            if event_class is None and event_type in self._known and valid:
                return IGNORED  # a type this projection does not read: its data is not decoded
            if event_class is not None and valid:
                event = event_class.__pydantic_validator__.validate_json(record.value)
                return Decoded(event, attributes["ce_id"])
        except Exception:  # noqa: S110 - the live decoder below gives the reason
            pass
        return self._decode_slowly(record)

    def _decode_slowly(self, record: Any) -> Decoded:
        try:
            envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
            event = decode_event(envelope)
        except MalformedEventError as error:
            return Decoded(malformed=str(error))
        if event.event_type.encode() not in self._handled:
            return IGNORED
        return Decoded(event=event, event_id=envelope.id.encode())


def _headers_valid(attributes: Mapping[str, bytes], headers: Any) -> bool:
    """The rules of `Envelope.from_kafka`: required attributes, spec version, a valid time, and
    every header UTF-8 (ASCII here: anything else takes the live decoder's path)."""
    if len(attributes) != len(headers) or not _REQUIRED.issubset(attributes):
        return False  # a repeated or missing header: the live decoder decides
    if attributes["ce_specversion"] != _SPEC_VERSION:
        return False
    if not b"".join(attributes.values()).isascii():
        return False
    raw_time = attributes.get("ce_time")
    if raw_time is None:
        return True
    try:  # not contextlib.suppress: this runs once per record of a rebuild
        datetime.fromisoformat(raw_time.decode())
    except ValueError:
        return False
    return True
