"""The public partner contracts: PII-free by construction, CloudEvents in Kafka binary mode with
stable ids, declared topics with a retention, frozen schemas behind the compatibility gate, and
an AsyncAPI document that is generated from them, committed and served by the gateway."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from diaspora_shared.contracts.public import (
    PUBLIC_EVENTS,
    InvalidPublicEventError,
    MissionStartedV1,
    cloud_event_for,
    cloud_event_from_kafka,
)
from diaspora_shared.contracts.public.asyncapi_cli import asyncapi_yaml
from diaspora_shared.contracts.public.schemas import (
    export_public_schemas,
    public_incompatibilities,
    public_schema_of,
)
from diaspora_shared.contracts.topics import KEEP_FOREVER, PUBLIC_TOPICS
from gateway.app import create_app

from ..gateway_fakes import gateway_settings

ROOT = Path(__file__).resolve().parents[2]
PERSONAL_FIELDS = (
    "application_id", "professional_id", "person_ref", "sex", "country_of_residence",
    "languages", "name", "given_name", "family_name", "email", "phone", "mission_id",
)  # fmt: skip
AT = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize("event", PUBLIC_EVENTS, ids=lambda e: e.event_type)
def test_every_public_event_is_versioned_documented_and_free_of_personal_fields(
    event: Any,
) -> None:
    major = event.event_type.rsplit(".", 1)[-1]
    assert event.event_type.startswith("org.iom.diaspora.")
    assert event.topic.startswith("public.") and event.topic.endswith(f".{major}")
    assert not set(event.model_fields) & set(PERSONAL_FIELDS)
    assert all(field.description for field in event.model_fields.values())
    assert event.model_validate(event.example).key


def test_a_public_event_id_is_derived_from_its_source_event() -> None:
    started = MissionStartedV1(institution_code="IPRC-KGL", month="2026-05")
    first = cloud_event_for(started, source_event_id="source-1", time=AT)
    again = cloud_event_for(started, source_event_id="source-1", time=AT)
    other = cloud_event_for(started, source_event_id="source-2", time=AT)
    assert first.id == again.id != other.id
    read = cloud_event_from_kafka(first.kafka_value(), first.kafka_headers())
    assert read == first
    assert dict(first.kafka_headers())["ce_type"] == b"org.iom.diaspora.mission.started.v1"


def test_records_that_are_not_public_cloudevents_are_refused() -> None:
    good = cloud_event_for(
        MissionStartedV1(institution_code="IPRC-KGL", month="2026-05"), source_event_id="s", time=AT
    )
    headers = good.kafka_headers()
    with pytest.raises(InvalidPublicEventError, match="ce_id"):
        cloud_event_from_kafka(good.kafka_value(), [h for h in headers if h[0] != "ce_id"])
    with pytest.raises(InvalidPublicEventError, match="month"):
        cloud_event_from_kafka(b'{"institution_code":"IPRC-KGL","month":"May"}', headers)
    with pytest.raises(InvalidPublicEventError):
        cloud_event_from_kafka(b"not json", headers)


def test_public_topics_are_declared_with_a_bounded_retention() -> None:
    names = {spec.name for spec in PUBLIC_TOPICS}
    assert names == {e.topic for e in PUBLIC_EVENTS}
    assert all(spec.config["retention.ms"] != KEEP_FOREVER for spec in PUBLIC_TOPICS)


def test_committed_public_schemas_match_and_are_compatible(tmp_path: Path) -> None:
    for path in export_public_schemas(tmp_path):
        committed = ROOT / "shared" / "schemas" / "public" / path.name
        assert committed.read_text() == path.read_text(), "run `make schemas`"
    released = ROOT / "shared" / "schemas" / "public" / "released"
    assert sorted(p.stem for p in released.glob("*.json")) == sorted(
        e.event_type for e in PUBLIC_EVENTS
    )
    assert public_incompatibilities(released) == []


def test_the_gate_refuses_a_breaking_change_to_a_released_public_event(tmp_path: Path) -> None:
    released = public_schema_of(MissionStartedV1)
    released["properties"]["region"] = {"type": "string"}
    released["required"] = [*released["required"], "region"]
    (tmp_path / f"{MissionStartedV1.event_type}.json").write_text(json.dumps(released))
    assert public_incompatibilities(tmp_path) == [
        "org.iom.diaspora.mission.started.v1: field 'region' was removed"
    ]
    assert public_incompatibilities(tmp_path, {}) == [
        "org.iom.diaspora.mission.started.v1: a released public event type is no longer published"
    ]


def test_the_committed_asyncapi_document_is_generated_from_the_contracts() -> None:
    committed = (ROOT / "shared" / "asyncapi" / "public.yaml").read_text()
    assert committed == asyncapi_yaml(), "run `platform-asyncapi write`"
    document = yaml.safe_load(committed)
    assert document["asyncapi"] == "3.0.0"
    messages = document["components"]["messages"]
    assert set(messages) == {e.__name__ for e in PUBLIC_EVENTS}
    for event in PUBLIC_EVENTS:
        example = messages[event.__name__]["examples"][0]
        assert example["headers"]["ce_type"] == event.event_type
        event.model_validate(example["payload"])
    assert _dangling_references(document) == []


def _dangling_references(document: dict[str, Any]) -> list[str]:
    text = json.dumps(document)
    references = {part.split('"')[0] for part in text.split('"$ref": "#/')[1:]}
    dangling = []
    for reference in references:
        node: Any = document
        for step in reference.split("/"):
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            dangling.append(reference)
    return dangling


async def test_the_gateway_serves_the_document_to_partners_without_a_token() -> None:
    app = create_app(gateway_settings("svc"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        answer = await client.get("/partners/asyncapi.yaml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/yaml")
    assert answer.text == asyncapi_yaml()
