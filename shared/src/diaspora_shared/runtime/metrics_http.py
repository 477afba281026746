"""HTTP side of the metrics: a middleware timing every request by its route template, and the
`GET /metrics` endpoint, kept out of the OpenAPI document so the gateway never publishes it."""

import time
from typing import Final

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import ServiceMetrics

ROUTE_TEMPLATE_KEY: Final = "diaspora.route_template"
"""Scope key a catch-all route sets to the template it resolved (the gateway's public route)."""
UNMATCHED_ROUTE: Final = "unmatched"
"""The label of requests no route matched: raw paths would make a series per probe of a bot."""
METRICS_PATH: Final = "/metrics"


class HttpMetrics:
    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the caller gets if the app raises before answering

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.request_answered(route_template(scope), scope["method"], status, elapsed)


def route_template(scope: Scope) -> str:
    """`/reports/{name}`, never `/reports/abc`: one series per route, whatever the ids."""
    chosen = scope.get(ROUTE_TEMPLATE_KEY)
    if isinstance(chosen, str):
        return chosen
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


def expose_metrics(app: FastAPI, metrics: ServiceMetrics) -> None:
    """Count every request `app` answers and serve the series at `/metrics`. Call it after
    the app's other middleware is added, so requests those answer on their own count too;
    call it before a catch-all route, which would otherwise take `/metrics`."""
    app.add_middleware(HttpMetrics, metrics=metrics)

    async def scrape() -> Response:
        return Response(await metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    app.add_api_route(METRICS_PATH, scrape, methods=["GET"], include_in_schema=False)
