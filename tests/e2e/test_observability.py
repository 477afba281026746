"""End to end, every process separate on Kafka and PostgreSQL: a trace id sent to the gateway is
in reporting's log line for the event the command caused, and every process answers `/metrics`
with what it did (the gateway its requests, recruitment its outbox, reporting its consumers)."""

import json
from pathlib import Path
from typing import Any

import httpx

from diaspora_shared.contracts.vocabulary import Role

from ..kafka_helpers import eventually
from ..metrics_scrape import scrape, value_of
from .conftest import Platform
from .test_platform_flow import call_body

TRACE_ID = "5e1f7a3c9b2d4e6f8a0b1c2d3e4f5a6b"
GROUP = "reporting.accepted-professionals"


def consumed_lines(log: Path) -> list[dict[str, Any]]:
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict) and parsed.get("event") == "event consumed":
            lines.append(parsed)
    return lines


async def test_a_trace_id_reaches_the_consumers_log_and_every_process_has_metrics(
    platform: Platform,
) -> None:
    officer = platform.token(Role.IOM_OFFICER, "officer-trace")
    traced = {**officer, "traceparent": f"00-{TRACE_ID}-a1b2c3d4e5f60718-01"}
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=10) as gateway:
        opened = await gateway.post("/api/recruitment/calls", json=call_body(), headers=traced)
        assert opened.status_code == 201, opened.text
        correlation = opened.headers["X-Correlation-Id"]

        async def consumed_with_trace() -> list[dict[str, Any]]:
            lines = consumed_lines(platform.reporting.log_path)
            return [line for line in lines if line.get("consumer_group") == GROUP]

        [line] = await eventually(consumed_with_trace, timeout=60)
        assert (line["trace_id"], line["correlation_id"]) == (TRACE_ID, correlation)
        gateway_samples = await scrape(gateway)

    route = "/api/recruitment/calls"
    posted = value_of(gateway_samples, "http_requests_total", route=route, method="POST")
    assert posted == 1
    async with httpx.AsyncClient(base_url=platform.urls["recruitment"]) as recruitment:
        assert value_of(await scrape(recruitment), "outbox_parked_rows") == 0
    async with httpx.AsyncClient(base_url=platform.urls["reporting"]) as reporting:
        applied = value_of(
            await scrape(reporting), "events_consumed_total", group=GROUP, outcome="applied"
        )
    assert applied == 1
