"""The CloudEvents 1.0 envelope of a public event, and its Kafka binary-mode binding.

On Kafka the attributes travel as `ce_`-prefixed headers, `data` as the JSON record value and
the event's organisation key as the record key. The id is derived from the id of the internal
event it was made from, so a public event published twice keeps one id and a partner that
remembers the ids it has seen applies it once.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal
from uuid import NAMESPACE_URL, uuid5

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .base import PublicEvent
from .catalogue import PUBLIC_EVENTS_BY_TYPE

PUBLIC_SOURCE = "/org/iom/diaspora/public-feed"
CONTENT_TYPE = "application/json"
# A fixed namespace: the same source event always gives the same public event id.
PUBLIC_ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://diaspora.iom.int/public-events")
HEADER_ATTRIBUTES = ("id", "source", "type", "specversion", "time")

KafkaHeaders = Sequence[tuple[str, bytes | None]]


class InvalidPublicEventError(ValueError):
    """A record that is not a valid public CloudEvent; the message says why."""


class CloudEvent(BaseModel):
    """A public event in CloudEvents 1.0 structure."""

    model_config = ConfigDict(frozen=True)

    specversion: Literal["1.0"] = Field(default="1.0", description="CloudEvents version.")
    id: str = Field(min_length=1, max_length=64, description="Unique per source; stable.")
    source: str = Field(min_length=1, max_length=200, description="Who produced the event.")
    type: str = Field(min_length=1, max_length=200, description="Versioned event type.")
    time: datetime = Field(description="When the underlying fact was recorded (UTC).")
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any] = Field(description="The event, as its contract describes.")

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        headers = [(f"ce_{name}", self._attribute(name).encode()) for name in HEADER_ATTRIBUTES]
        return [*headers, ("content-type", self.datacontenttype.encode())]

    def kafka_value(self) -> bytes:
        return json.dumps(self.data, sort_keys=True, separators=(",", ":")).encode()

    def _attribute(self, name: str) -> str:
        value = getattr(self, name)
        return value.isoformat() if isinstance(value, datetime) else str(value)


def public_event_id(event_type: str, source_event_id: str) -> str:
    """The id of the public event of `event_type` made from the internal event `source_event_id`."""
    return str(uuid5(PUBLIC_ID_NAMESPACE, f"{event_type}|{source_event_id}"))


def cloud_event_for(event: PublicEvent, *, source_event_id: str, time: datetime) -> CloudEvent:
    return CloudEvent(
        id=public_event_id(event.event_type, source_event_id),
        source=PUBLIC_SOURCE,
        type=event.event_type,
        time=time,
        data=event.model_dump(mode="json"),
    )


def cloud_event_from_kafka(value: bytes | None, headers: KafkaHeaders) -> CloudEvent:
    """Read a public record in binary mode; the data is checked against its contract."""
    attributes = {
        name.removeprefix("ce_"): raw.decode("utf-8", errors="replace")
        for name, raw in headers
        if name.startswith("ce_") and raw is not None
    }
    missing = [f"ce_{n}" for n in ("id", "source", "type", "specversion") if n not in attributes]
    if missing:
        raise InvalidPublicEventError(f"missing CloudEvents headers: {', '.join(missing)}")
    try:
        data = json.loads(value or b"")
        event = CloudEvent.model_validate({**attributes, "data": data})
    except (ValueError, ValidationError) as error:
        raise InvalidPublicEventError(f"not a public CloudEvent: {type(error).__name__}") from error
    contract = PUBLIC_EVENTS_BY_TYPE.get(event.type)
    if contract is not None:
        _check_contract(contract, event.data)
    return event


def _check_contract(contract: type[PublicEvent], data: dict[str, Any]) -> None:
    try:
        contract.model_validate(data)
    except ValidationError as error:
        where = "; ".join(".".join(map(str, e["loc"])) for e in error.errors(include_input=False))
        raise InvalidPublicEventError(f"invalid {contract.event_type} data at {where}") from error
