"""The wire shape of integration events: CloudEvents binary mode, schemas, no personal data."""

import json
from pathlib import Path
from uuid import uuid4

import pytest

from diaspora_shared.contracts.envelope import (
    Envelope,
    MalformedEventError,
    decode_event,
    envelope_for,
)
from diaspora_shared.contracts.events import ALL_EVENTS, EVENTS_BY_TYPE, CallOpened
from diaspora_shared.contracts.schemas_cli import export_schemas
from diaspora_shared.contracts.topics import all_topics, dead_letter_topic
from diaspora_shared.contracts.vocabulary import Track

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"


def a_call() -> CallOpened:
    return CallOpened(
        call_id=uuid4(),
        track=Track.HEALTH,
        title="Health call",
        target=30,
        women_share_goal=0.4,
        opens_on="2026-12-01",
        closes_on="2027-01-31",
    )


def test_envelope_round_trips_through_kafka_headers() -> None:
    event = a_call()
    envelope = envelope_for(event, source="/iom/diaspora/recruitment", correlation_id="corr-1")
    headers = envelope.kafka_headers()

    again = Envelope.from_kafka(envelope.key.encode(), envelope.data, headers)

    assert decode_event(again) == event
    assert dict(headers)["ce_specversion"] == b"1.0"
    assert dict(headers)["ce_type"] == b"recruitment.call.opened.v1"
    assert dict(headers)["ce_correlationid"] == b"corr-1"
    assert again.key == str(event.call_id)


def test_events_are_frozen_versioned_and_documented() -> None:
    for event_class in ALL_EVENTS:
        assert event_class.model_config.get("frozen") is True
        assert event_class.event_type.rsplit(".", 1)[-1].startswith("v")
        for name, field in event_class.model_fields.items():
            assert field.description, f"{event_class.__name__}.{name} has no description"
    assert len(EVENTS_BY_TYPE) == len(ALL_EVENTS)


def test_missing_headers_and_bad_data_are_reported_precisely() -> None:
    with pytest.raises(MalformedEventError, match="ce_type"):
        Envelope.from_kafka(b"k", b"{}", [("ce_id", b"1"), ("ce_source", b"s")])
    envelope = envelope_for(a_call(), source="/s")
    broken = Envelope(**{**envelope.__dict__, "data": json.dumps({"target": 0}).encode()})
    with pytest.raises(MalformedEventError) as raised:
        decode_event(broken)
    assert "target" in str(raised.value)
    assert "0" not in str(raised.value).split("target")[0]  # no input values echoed


def test_validation_errors_never_echo_the_offending_values() -> None:
    envelope = envelope_for(a_call(), source="/s")
    payload = json.loads(envelope.data) | {"title": {"email": "someone@example.org"}}
    broken = Envelope(**{**envelope.__dict__, "data": json.dumps(payload).encode()})
    with pytest.raises(MalformedEventError) as raised:
        decode_event(broken)
    assert "example.org" not in str(raised.value)


def test_every_domain_topic_has_a_dead_letter_twin() -> None:
    names = {spec.name for spec in all_topics()}
    for event_class in ALL_EVENTS:
        assert event_class.topic in names
        assert dead_letter_topic(event_class.topic) in names


def test_committed_json_schemas_match_the_contracts(tmp_path: Path) -> None:
    for path in export_schemas(tmp_path):
        committed = SCHEMAS / path.name
        assert committed.exists(), f"run `make schemas`: {path.name} is not committed"
        assert json.loads(committed.read_text()) == json.loads(path.read_text())
