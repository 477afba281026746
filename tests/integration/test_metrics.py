"""`/metrics` on real runtimes (Kafka, SQLite): recruitment answers commands over HTTP and its
outbox sends the events, reporting consumes them (a duplicate and a malformed record among
them), and each scrape shows the series with the labels and values that traffic implies. The
gateway answers its own `/metrics`, labels forwarded requests by public route template, and
never forwards a service's `/metrics`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.samples import Sample

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC, CALLS_TOPIC
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app as create_recruitment_app
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.app import create_app as create_reporting_app
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP
from reporting.settings import ReportingSettings

from ..gateway_fakes import bearer, gateway_settings, running_gateway
from ..kafka_helpers import eventually, produce_raw, read_records
from ..metrics_scrape import label_values, scrape, value_of
from ..runtimes import call_spec, migrate_recruitment, profile, recruitment_runtime
from .recruitment_http import applicant, count_rows, officer, recruitment_client
from .test_outbox_parking import add_rows, outbox_row

GROUP = ACCEPTED_PROFESSIONALS_GROUP


@asynccontextmanager
async def reporting_client(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    settings = ReportingSettings(
        kafka_bootstrap_servers=kafka,
        kafka_topic_prefix=topic_prefix,
        database_url=database_url,
        consumer_retry_backoff_seconds=0.01,
    )
    app = create_reporting_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:
            yield client, runtime
    finally:
        await runtime.stop()


async def accept_one_applicant(client: httpx.AsyncClient) -> str:
    """Open a call, apply, read the application and accept it: four commands and reads."""
    spec = call_spec().model_dump(mode="json")
    call = await client.post("/recruitment/calls", json=spec, headers=officer())
    assert call.status_code == 201, call.text
    applications = f"/recruitment/calls/{call.json()['call_id']}/applications"
    applied = await client.post(
        applications, json=profile().model_dump(mode="json"), headers=applicant()
    )
    assert applied.status_code == 201, applied.text
    application_id: str = applied.json()["application_id"]
    read = await client.get(f"/recruitment/applications/{application_id}", headers=officer())
    assert read.status_code == 200, read.text
    accepted = await client.post(
        f"/recruitment/applications/{application_id}/accept", headers=officer()
    )
    assert accepted.status_code == 200, accepted.text
    return application_id


async def replay_acceptance_and_garbage(kafka: str, prefix: str, runtime: ServiceRuntime) -> None:
    """Kafka redelivers the acceptance, and a producer writes a record that is no event."""
    topic = prefix + APPLICATIONS_TOPIC
    sent = await count_rows(runtime, "outbox_messages", f"topic = '{APPLICATIONS_TOPIC}'")
    records = await read_records(kafka, topic, expected=sent)
    acceptance = next(r for r in records if b"applicant.accepted" in dict(r.headers)["ce_type"])
    await produce_raw(
        kafka, topic, value=acceptance.value, key=acceptance.key, headers=list(acceptance.headers)
    )
    await produce_raw(kafka, topic, value=b"{not json", key=acceptance.key, headers=[])


def settled(runtime: ServiceRuntime) -> Any:
    async def check() -> bool:
        counts = runtime.consumer_metrics().get(GROUP, {})
        return (
            counts.get("applied") == 2
            and counts.get("duplicate") == 1
            and (counts.get("dead_lettered") == 1)
        )

    return check


async def test_services_expose_http_event_outbox_and_lag_series(
    kafka: str, topic_prefix: str, tmp_path: Path
) -> None:
    recruitment_db = f"sqlite:///{tmp_path / 'recruitment.db'}"
    reporting_db = f"sqlite:///{tmp_path / 'reporting.db'}"
    async with (
        recruitment_client(kafka, topic_prefix, recruitment_db) as (recruitment, recruiting),
        reporting_client(kafka, topic_prefix, reporting_db) as (reporting, reporting_runtime),
    ):
        application_id = await accept_one_applicant(recruitment)
        assert (await recruitment.get(f"/nowhere/{application_id}")).status_code == 404
        await replay_acceptance_and_garbage(kafka, topic_prefix, recruiting)
        await eventually(settled(reporting_runtime), timeout=60)

        served = await scrape(recruitment)
        _assert_http_series(served, application_id)
        await eventually(lambda: _outbox_drained(recruitment))
        _assert_event_series(await scrape(reporting), topic_prefix)
        lag = await eventually(lambda: _lag_caught_up(reporting, topic_prefix + APPLICATIONS_TOPIC))
        assert lag, "no lag sample for the applications topic"
        assert "/metrics" not in (await recruitment.get("/openapi.json")).json()["paths"]


def _assert_http_series(samples: list[Sample], application_id: str) -> None:
    def answered(route: str, method: str, status: str) -> float | None:
        return value_of(samples, "http_requests_total", route=route, method=method, status=status)

    assert answered("/recruitment/calls", "POST", "201") == 1
    assert answered("/recruitment/calls/{call_id}/applications", "POST", "201") == 1
    assert answered("/recruitment/applications/{application_id}", "GET", "200") == 1
    assert answered("/recruitment/applications/{application_id}/accept", "POST", "200") == 1
    assert answered("unmatched", "GET", "404") == 1
    timed = value_of(
        samples,
        "http_request_duration_seconds_count",
        route="/recruitment/applications/{application_id}",
        method="GET",
    )
    assert timed == 1
    routes = label_values(samples, "http_requests_total", "route")
    assert not any(application_id in route for route in routes), routes


async def _outbox_drained(client: httpx.AsyncClient) -> bool:
    samples = await scrape(client)
    gauges = [
        value_of(samples, name)
        for name in ("outbox_pending_rows", "outbox_oldest_pending_age_seconds")
    ]
    assert value_of(samples, "outbox_parked_rows") == 0
    return gauges == [0, 0]


def _assert_event_series(samples: list[Sample], prefix: str) -> None:
    def consumed(topic: str, outcome: str) -> float | None:
        return value_of(
            samples, "events_consumed_total", group=GROUP, topic=prefix + topic, outcome=outcome
        )

    assert consumed(CALLS_TOPIC, "applied") == 1
    assert consumed(APPLICATIONS_TOPIC, "applied") == 1
    assert consumed(APPLICATIONS_TOPIC, "duplicate") == 1
    assert consumed(APPLICATIONS_TOPIC, "dead_lettered") == 1
    # The application's submission is an event type this group does not handle.
    assert (consumed(APPLICATIONS_TOPIC, "skipped") or 0) >= 1


async def _lag_caught_up(client: httpx.AsyncClient, topic: str) -> list[float]:
    samples = await scrape(client)
    lags = [
        s.value
        for s in samples
        if s.name == "consumer_lag_records"
        and (s.labels.get("group"), s.labels.get("topic")) == (GROUP, topic)
    ]
    return lags if lags and all(lag == 0 for lag in lags) else []


async def test_outbox_gauges_show_backlog_age_and_parked_rows(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    """Rows written while no relay runs: the scrape reads them from the table itself."""
    runtime = recruitment_runtime(kafka, topic_prefix, database_url)
    await migrate_recruitment(runtime)
    try:
        waiting = outbox_row("call-1")
        waiting.created_at = datetime.now(UTC) - timedelta(seconds=90)
        parked = outbox_row("call-2", parked_at=datetime.now(UTC), park_reason="too large")
        await add_rows(runtime.database, waiting, outbox_row("call-3"), parked)
        text = (await runtime.metrics.exposition()).decode()
    finally:
        await runtime.database.dispose()
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("outbox_"))
    assert float(lines["outbox_pending_rows"]) == 2
    assert float(lines["outbox_parked_rows"]) == 1
    assert 90 <= float(lines["outbox_oldest_pending_age_seconds"]) < 150


async def test_gateway_counts_public_routes_and_never_forwards_a_services_metrics(
    kafka: str, topic_prefix: str, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'recruitment.db'}"
    app = create_recruitment_app(
        RecruitmentSettings(
            kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database
        )
    )
    async with recruitment_client(kafka, topic_prefix, database, app) as (recruitment, _):
        application_id = await accept_one_applicant(recruitment)
        settings = gateway_settings("recruitment")
        async with running_gateway(settings, {"recruitment": app}) as (gateway, _):
            as_officer = bearer(settings, Role.IOM_OFFICER)
            path = f"/api/recruitment/applications/{application_id}"
            assert (await gateway.get(path, headers=as_officer)).status_code == 200
            hidden = await gateway.get("/api/metrics", headers=as_officer)
            assert hidden.status_code == 404, hidden.text
            samples = await scrape(gateway)

    route = "/api/recruitment/applications/{application_id}"
    assert value_of(samples, "http_requests_total", route=route, method="GET", status="200") == 1
    assert value_of(samples, "http_requests_total", route="/{path:path}", status="404") == 1
