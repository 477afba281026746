"""Every HTTP request runs in a server span that continues the caller's `traceparent` (or starts a
trace), with the trace and correlation ids in the log context of everything it logs."""

from typing import Final

import structlog
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Receive, Scope, Send

from .actors import CORRELATION_ID_HEADER
from .assertions import is_valid_correlation_id, new_correlation_id
from .tracing import TRACEPARENT, context_of, traced

_TRACEPARENT_HEADER: Final = TRACEPARENT.encode()
_CORRELATION_HEADER: Final = CORRELATION_ID_HEADER.lower().encode()


class TraceRequests:
    """`assign_correlation` (the gateway's): a request without a valid correlation id is given
    one here, in its headers, so every line logged for it, its access line included, names the
    id the gateway forwards and answers with."""

    def __init__(self, app: ASGIApp, assign_correlation: bool = False) -> None:
        self.app = app
        self.assign_correlation = assign_correlation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        parent = context_of(_text(headers.get(_TRACEPARENT_HEADER)))
        correlation = _text(headers.get(_CORRELATION_HEADER))
        if self.assign_correlation and not is_valid_correlation_id(correlation):
            correlation = new_correlation_id()
            _replace_correlation_header(scope, correlation)
        bound = {"correlation_id": correlation} if is_valid_correlation_id(correlation) else {}
        # The route is not known yet: the span is named by method, the metrics carry routes.
        attributes: dict[str, str | int] = {"http.request.method": scope["method"]}
        with (
            traced(f"HTTP {scope['method']}", parent, SpanKind.SERVER, attributes),
            structlog.contextvars.bound_contextvars(**bound),
        ):
            await self.app(scope, receive, send)


def _replace_correlation_header(scope: Scope, correlation: str) -> None:
    # In place: outer middleware reads what the routing writes into this same scope.
    kept = [(name, value) for name, value in scope["headers"] if name != _CORRELATION_HEADER]
    scope["headers"] = [*kept, (_CORRELATION_HEADER, correlation.encode())]


def _text(raw: bytes | None) -> str | None:
    return raw.decode("latin-1") if raw is not None else None
