"""Decoding for the rebuild: the live subscriber's acceptance rules, at batch speed.

The CloudEvents headers are checked with the same rules as `Envelope.from_kafka` without
building an envelope, and the value is validated by the event's own pydantic model straight from
the JSON bytes (`model_validate_json`, as fast as a bare `json.loads`). A record the fast path
refuses goes through the live subscriber's own decoder, which gives the exact reason."""

import contextlib
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


class RecordDecoder:
    def __init__(self, handled: Mapping[str, type[IntegrationEvent]]) -> None:
        self._handled = dict(handled)
        self._known = set(EVENTS_BY_TYPE)

    def decode(self, record: Any) -> Decoded:
        try:
            attributes = {name: raw.decode() for name, raw in record.headers if raw is not None}
            event_type = attributes["ce_type"]
            event_class = self._handled.get(event_type)
            valid = _headers_valid(attributes) and record.value is not None
            if event_class is None and event_type in self._known and valid:
                return IGNORED  # a type this projection does not read: its data is not decoded
            if event_class is not None and valid:
                event = event_class.model_validate_json(record.value)
                return Decoded(event, attributes["ce_id"].encode())
        except Exception:  # noqa: S110 - the live decoder below gives the reason
            pass
        return self._decode_slowly(record)

    def _decode_slowly(self, record: Any) -> Decoded:
        try:
            envelope = Envelope.from_kafka(record.key, record.value, record.headers or ())
            event = decode_event(envelope)
        except MalformedEventError as error:
            return Decoded(malformed=str(error))
        if event.event_type not in self._handled:
            return IGNORED
        return Decoded(event=event, event_id=envelope.id.encode())


def _headers_valid(attributes: Mapping[str, str]) -> bool:
    """The rules of `Envelope.from_kafka`: required attributes, spec version, a valid time."""
    for name in REQUIRED_HEADERS:
        if name not in attributes:
            return False
    if attributes["ce_specversion"] != SPEC_VERSION:
        return False
    raw_time = attributes.get("ce_time")
    if raw_time is not None:
        with contextlib.suppress(ValueError):
            datetime.fromisoformat(raw_time)
            return True
        return False
    return True
