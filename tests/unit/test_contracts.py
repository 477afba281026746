"""The wire shape of integration events: CloudEvents binary mode, schemas, no personal data."""

import json
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError, create_model

from diaspora_shared.contracts.compatibility import breaking_changes
from diaspora_shared.contracts.envelope import (
    Envelope,
    MalformedEventError,
    UnknownEventTypeError,
    decode_event,
    envelope_for,
)
from diaspora_shared.contracts.events import ALL_EVENTS, EVENTS_BY_TYPE, CallOpened
from diaspora_shared.contracts.schemas_cli import (
    export_schemas,
    incompatibilities,
    release_new_types,
)
from diaspora_shared.contracts.topics import all_topics, dead_letter_topic
from diaspora_shared.contracts.vocabulary import Track

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
RELEASED = SCHEMAS / "released"


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


def test_an_unknown_field_is_ignored_when_read_but_refused_when_built() -> None:
    envelope = envelope_for(a_call(), source="/s")
    newer = json.loads(envelope.data) | {"budget_eur": 120_000}
    read = decode_event(Envelope(**{**envelope.__dict__, "data": json.dumps(newer).encode()}))
    assert read == decode_event(envelope)
    with pytest.raises(ValidationError):
        CallOpened.model_validate(newer)


def test_an_unknown_event_type_is_reported_as_such() -> None:
    envelope = envelope_for(a_call(), source="/s")
    with pytest.raises(UnknownEventTypeError):
        decode_event(Envelope(**{**envelope.__dict__, "type": "recruitment.call.paused.v1"}))


class OnlyTvet(StrEnum):
    TVET = "TVET"


def call_schema(**changes: Any) -> dict[str, Any]:
    """The released schema of `CallOpened`, or a variant with some fields changed (a type)
    or removed (None)."""
    fields: dict[str, Any] = {
        name: (field.annotation, field) for name, field in CallOpened.model_fields.items()
    }
    for name, change in changes.items():
        if change is None:
            del fields[name]
        else:
            fields[name] = change
    model = create_model("CallOpened", **fields)
    return model.model_json_schema() | {"$id": CallOpened.event_type}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": None}, "field 'title' was removed"),
        ({"target": (str, ...)}, "field 'target' changed type from integer to string"),
        ({"budget_eur": (int, ...)}, "field 'budget_eur' is new and required"),
        ({"track": (OnlyTvet, ...)}, "field 'track' lost enum values ['HEALTH']"),
    ],
)
def test_the_gate_names_the_field_a_breaking_change_touches(
    changes: dict[str, Any], message: str
) -> None:
    problems = breaking_changes(call_schema(), call_schema(**changes))
    assert f"recruitment.call.opened.v1: {message}" in problems


def test_an_optional_field_made_required_breaks_but_a_new_optional_field_does_not() -> None:
    with_note = call_schema(note=(str | None, None))
    assert breaking_changes(with_note, call_schema(note=(str, ...))) == [
        "recruitment.call.opened.v1: field 'note' became required",
        "recruitment.call.opened.v1: field 'note' changed type from "
        "{'anyOf': [{'type': 'string'}, {'type': 'null'}]} to string",
    ]
    assert breaking_changes(call_schema(), with_note) == []
    assert breaking_changes(call_schema(), call_schema(track=(Track, ...))) == []


def test_the_current_contracts_are_compatible_with_every_released_schema() -> None:
    released = sorted(path.stem for path in RELEASED.glob("*.json"))
    assert released == sorted(EVENTS_BY_TYPE), "run `make schemas` to release new event types"
    assert incompatibilities(RELEASED) == []


def test_the_check_command_fails_on_a_deliberately_broken_contract(tmp_path: Path) -> None:
    # As if `sector` had been released and then dropped from the contract.
    released = call_schema(sector=(str, ...))
    (tmp_path / f"{CallOpened.event_type}.json").write_text(json.dumps(released))
    result = subprocess.run(
        [sys.executable, "-m", "diaspora_shared.contracts.schemas_cli", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "recruitment.call.opened.v1: field 'sector' was removed" in result.stderr
    assert "new event type (vN)" in result.stderr


def test_releasing_never_rewrites_a_released_schema(tmp_path: Path) -> None:
    kept = tmp_path / f"{CallOpened.event_type}.json"
    kept.write_text("{}")
    written = release_new_types(tmp_path)
    assert kept.read_text() == "{}"
    assert len(written) == len(ALL_EVENTS) - 1
