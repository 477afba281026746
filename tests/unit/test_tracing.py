"""Trace context at the gateway: a caller's `traceparent` continues upstream, a request without
one starts a trace, anything malformed or free-form (`tracestate`) stays at the door; with no
exporter configured no span is recorded; a request's log lines carry its trace and correlation
ids."""

import json
import re
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import CORRELATION_ID_HEADER
from diaspora_shared.runtime.logging import configure_logging, get_logger
from diaspora_shared.runtime.tracing import context_of, current_traceparent, traced
from diaspora_shared.runtime.tracing_http import TraceRequests
from diaspora_shared.runtime.tracing_sdk import tracer_provider

from ..gateway_fakes import bearer, echo_upstream, gateway_settings, running_gateway

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
TRACEPARENT_SHAPE = re.compile(r"00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
DOCUMENT: dict[str, Any] = {"paths": {"/things": {"get": {"x-roles": [r.value for r in Role]}}}}


async def forwarded_headers(**sent: str) -> dict[str, str]:
    settings = gateway_settings("svc")
    async with running_gateway(settings, {"svc": echo_upstream(DOCUMENT)}) as (client, _):
        response = await client.get(
            "/api/things", headers={**bearer(settings, Role.IOM_OFFICER), **sent}
        )
    assert response.status_code == 200, response.text
    headers: dict[str, str] = response.json()["headers"]
    return headers


async def test_the_callers_trace_continues_upstream_without_its_tracestate() -> None:
    headers = await forwarded_headers(traceparent=CALLER, tracestate="vendor=nadine@example.org")
    assert headers["traceparent"].split("-")[1] == TRACE_ID
    assert "tracestate" not in headers


@pytest.mark.parametrize(
    "sent",
    [
        {},
        {"traceparent": "not a trace"},
        {"traceparent": f"00-{'0' * 32}-00f067aa0ba902b7-01"},  # all-zero trace id is invalid
        {"traceparent": "00-nadine.uwamahoro@example.org-00f067aa0ba902b7-01"},
    ],
)
async def test_a_request_without_a_valid_traceparent_starts_a_trace(sent: dict[str, str]) -> None:
    forwarded = (await forwarded_headers(**sent))["traceparent"]
    assert TRACEPARENT_SHAPE.fullmatch(forwarded), forwarded
    assert forwarded.split("-")[1] not in {TRACE_ID, "0" * 32}
    assert "example.org" not in forwarded


def test_without_an_exporter_no_sdk_is_installed_and_no_span_is_recorded() -> None:
    assert not isinstance(trace.get_tracer_provider(), TracerProvider)
    with traced("work", context_of(CALLER), SpanKind.SERVER, {}) as span_context:
        assert not trace.get_current_span().is_recording()
        assert f"{span_context.trace_id:032x}" == TRACE_ID
        assert current_traceparent() == CALLER  # the ids travel on unchanged
    assert current_traceparent() is None


def test_with_an_exporter_spans_are_recorded_under_the_callers_trace() -> None:
    provider = tracer_provider("recruitment", "console")
    try:
        assert provider.resource.attributes[SERVICE_NAME] == "recruitment"
        tracer = provider.get_tracer("test")
        with tracer.start_as_current_span("work", context_of(CALLER)) as span:
            assert span.is_recording()
            assert f"{span.get_span_context().trace_id:032x}" == TRACE_ID
    finally:
        provider.shutdown()


def logging_app(assign_correlation: bool) -> Any:
    """Logs one line per request and answers with the correlation id it was given."""

    async def endpoint(request: Request) -> JSONResponse:
        get_logger().info("handled")
        return JSONResponse({"correlation": request.headers.get(CORRELATION_ID_HEADER)})

    app = Starlette(routes=[Route("/", endpoint)])
    return TraceRequests(app, assign_correlation=assign_correlation)


@pytest.mark.parametrize("assign", [True, False])
async def test_log_lines_of_a_request_carry_its_trace_and_correlation_ids(
    assign: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("gateway")
    transport = httpx.ASGITransport(app=logging_app(assign))
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        given = (await client.get("/", headers={"traceparent": CALLER})).json()["correlation"]
        sent = await client.get("/", headers={"traceparent": CALLER, "X-Correlation-Id": "c-1"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    handled = [(line["trace_id"], line.get("correlation_id")) for line in lines]
    assert handled == [(TRACE_ID, given), (TRACE_ID, "c-1")]
    assert sent.json()["correlation"] == "c-1"
    assert (given is not None) is assign
