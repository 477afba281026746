"""Trace context at the gateway: a caller's `traceparent` continues upstream, a request without
one starts a trace, anything malformed or free-form (`tracestate`) stays at the door; with no
exporter configured no span is recorded."""

import re
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.tracing import context_of, current_traceparent, traced
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
