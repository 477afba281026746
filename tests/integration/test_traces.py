"""One trace from the gateway to the consumers, on a real broker: a caller's `traceparent` goes
through the gateway to recruitment, onto the outbox row and the Kafka record, into reporting's
consumers (whose log line for the event names the trace id and the correlation id) and through
the public feed's republish onto the public record."""

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from diaspora_shared.contracts.events import CALLS_TOPIC
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import CORRELATION_ID_HEADER
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app as create_recruitment_app
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP
from reporting.service_layer.public_feed import PUBLIC_FEED_GROUP

from ..gateway_fakes import bearer, gateway_settings, running_gateway
from ..kafka_helpers import eventually, read_records
from ..public_topics import public_records
from ..runtimes import call_spec, reporting_runtime, running
from .recruitment_http import recruitment_client

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE_ID}-b7ad6b7169203331-01"
CORRELATION_ID = "trace-test-correlation-1"


async def public_call_sent(runtime: ServiceRuntime) -> bool:
    counts = runtime.consumer_metrics()
    if counts.get(ACCEPTED_PROFESSIONALS_GROUP, {}).get("applied") != 1:
        return False
    if counts.get(PUBLIC_FEED_GROUP, {}).get("applied") != 1:
        return False
    async with runtime.database.session() as session:
        sent = await (await session.connection()).execute(
            text("SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL")
        )
        return bool(sent.scalar_one() == 1)


async def test_a_trace_sent_to_the_gateway_reaches_the_consumers_log_lines(
    kafka: str, topic_prefix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'recruitment.db'}"
    recruitment_app = create_recruitment_app(
        RecruitmentSettings(
            kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database
        )
    )
    reporting = reporting_runtime(kafka, topic_prefix, f"sqlite:///{tmp_path / 'reporting.db'}")
    settings = gateway_settings("recruitment")
    async with (
        recruitment_client(kafka, topic_prefix, database, recruitment_app),
        running(reporting),
        running_gateway(settings, {"recruitment": recruitment_app}) as (gateway, _),
    ):
        opened = await gateway.post(
            "/api/recruitment/calls",
            json=call_spec().model_dump(mode="json"),
            headers={
                **bearer(settings, Role.IOM_OFFICER),
                "traceparent": TRACEPARENT,
                CORRELATION_ID_HEADER: CORRELATION_ID,
            },
        )
        assert opened.status_code == 201, opened.text
        await eventually(lambda: public_call_sent(reporting), timeout=60)

    logs = [_json(line) for line in capsys.readouterr().out.splitlines()]
    consumed = [
        line
        for line in logs
        if line.get("event") == "event consumed"
        and line.get("consumer_group") == ACCEPTED_PROFESSIONALS_GROUP
    ]
    assert [(line["trace_id"], line["correlation_id"]) for line in consumed] == [
        (TRACE_ID, CORRELATION_ID)
    ]
    [record] = await read_records(kafka, f"{topic_prefix}{CALLS_TOPIC}", expected=1)
    assert _trace_id_of(record) == TRACE_ID
    by_topic = await public_records(kafka, topic_prefix)
    public = [record for records in by_topic.values() for record in records]
    assert [_trace_id_of(r) for r in public] == [TRACE_ID]


def _trace_id_of(record: Any) -> str:
    traceparent = dict(record.headers)["traceparent"].decode()
    return str(traceparent.split("-")[1])


def _json(line: str) -> dict[str, Any]:
    try:
        parsed = json.loads(line)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
