"""W3C trace context across the platform, with OpenTelemetry.

A trace starts at the gateway (or continues the caller's `traceparent`), goes upstream as a
`traceparent` header, is stored with each outbox row's headers and leaves with the record on
Kafka, where a consumer continues it. While a request or a record is handled, the trace id is
bound into the log context, so every log line names it.

Tracing costs nothing until an exporter is configured: without one no SDK is installed, the
API's no-op tracer records no span, and only ids travel (the caller's, or fresh ones the gateway
draws). Only `traceparent` is read and written, never `tracestate`, whose free-form vendor
values could carry anything a caller put there: the ids are random hex, nothing personal.
"""

import os
import random
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Final, Literal

import structlog
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TRACEPARENT: Final = "traceparent"
TRACER_NAME: Final = "diaspora"
TraceExporter = Literal["none", "console", "otlp"]

_propagator = TraceContextTextMapPropagator()
_installed: list[str] = []


def configure_tracing(service_name: str, exporter: TraceExporter) -> None:
    """Install the SDK with a batching exporter, once per process, when one is configured.
    OTLP reads its endpoint from OpenTelemetry's own variables: setting one of them is enough
    to export there."""
    if exporter == "none" and _otlp_endpoint_set():
        exporter = "otlp"
    if exporter == "none" or _installed:
        return
    from .tracing_sdk import tracer_provider  # the SDK is imported only when it is used

    trace.set_tracer_provider(tracer_provider(service_name, exporter))
    _installed.append(exporter)


def _otlp_endpoint_set() -> bool:
    return any(
        os.environ.get(name)
        for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def context_of(traceparent: str | None) -> Context | None:
    """The remote parent a well-formed `traceparent` names; None for anything else."""
    if not traceparent:
        return None
    context = _propagator.extract({TRACEPARENT: traceparent})
    return context if trace.get_current_span(context).get_span_context().is_valid else None


def current_traceparent() -> str | None:
    span_context = trace.get_current_span().get_span_context()
    if not span_context.is_valid:
        return None
    return (
        f"00-{span_context.trace_id:032x}-{span_context.span_id:016x}"
        f"-{int(span_context.trace_flags):02x}"
    )


def trace_headers() -> dict[str, str]:
    """The header that carries the current trace to the next hop (empty outside any trace)."""
    traceparent = current_traceparent()
    return {TRACEPARENT: traceparent} if traceparent else {}


@contextmanager
def traced(
    name: str, parent: Context | None, kind: SpanKind, attributes: dict[str, str | int]
) -> Iterator[SpanContext]:
    """A span continuing `parent` (or a new trace), current while the block runs, with its
    trace id in the log context."""
    if parent is None and not _installed:
        parent = _fresh_trace()  # the no-op tracer would otherwise give no ids at all
    tracer = trace.get_tracer(TRACER_NAME)
    with tracer.start_as_current_span(name, parent, kind, attributes) as span:
        span_context = span.get_span_context()
        with structlog.contextvars.bound_contextvars(trace_id=f"{span_context.trace_id:032x}"):
            yield span_context


def spans_recorded() -> bool:
    """Whether spans go anywhere (an exporter is installed)."""
    return bool(_installed)


def consuming(record: Any, group: str) -> AbstractContextManager[SpanContext]:
    """The span of a Kafka record's handling, continuing the trace its producer put on it."""
    headers = dict(record.headers or ())
    raw = headers.get(TRACEPARENT)
    traceparent = raw.decode("latin-1") if isinstance(raw, bytes) else None
    attributes: dict[str, str | int] = {
        "messaging.system": "kafka",
        "messaging.destination.name": record.topic,
        "messaging.consumer.group.name": group,
        "messaging.destination.partition.id": str(record.partition),
        "messaging.kafka.offset": record.offset,
    }
    return traced(f"process {record.topic}", context_of(traceparent), SpanKind.CONSUMER, attributes)


def _fresh_trace() -> Context:
    """Ids for a trace nobody records: not sampled, so a downstream SDK does not record it
    either unless it starts its own."""
    span_context = SpanContext(
        trace_id=random.getrandbits(128) or 1,
        span_id=random.getrandbits(64) or 1,
        is_remote=False,
        trace_flags=TraceFlags(TraceFlags.DEFAULT),
    )
    return trace.set_span_in_context(NonRecordingSpan(span_context))
