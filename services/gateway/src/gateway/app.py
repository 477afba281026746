"""`create_app()`: the gateway, the one HTTP entry for web frontends. It holds no route of its
own beyond health: it learns every public route, and who may call it, from the services."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from diaspora_shared.runtime.body_limit import BodySizeLimit
from diaspora_shared.runtime.health import ReadinessCheck, health_router
from diaspora_shared.runtime.logging import configure_logging
from diaspora_shared.runtime.metrics import ServiceMetrics
from diaspora_shared.runtime.metrics_http import expose_metrics
from diaspora_shared.runtime.tracing import configure_tracing
from diaspora_shared.runtime.tracing_http import TraceRequests

from .catalog import RouteCatalog
from .forwarding import UpstreamClient
from .openapi_merge import merged_document
from .partners import router as partners_router
from .problems import install_problem_handlers
from .proxy import Gateway, proxy
from .rate_limit import TokenBuckets
from .settings import GatewaySettings
from .verified_tokens import VerifiedTokens
from .web import install_web

PROXIED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def create_app(
    settings: GatewaySettings | None = None,
) -> FastAPI:
    settings = settings or GatewaySettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name, settings.trace_exporter)
    gateway = _gateway(settings)
    app = FastAPI(
        title="IOM diaspora programmes gateway",
        description="Recruitment, deployment, grants and reports for the TVET and Health tracks. "
        "Every call needs a bearer token (see `gateway-token`); each route lists the roles "
        "that may call it.",
        lifespan=_lifespan(gateway),
    )
    app.state.settings = settings
    app.state.gateway = gateway
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(health_router(_readiness_checks(gateway)))
    install_web(app, settings)
    app.include_router(partners_router)
    app.add_middleware(TraceRequests, assign_correlation=True)
    app.state.metrics = ServiceMetrics()
    expose_metrics(app, app.state.metrics)  # before the catch-all, which would take /metrics
    app.add_api_route("/{path:path}", proxy, methods=PROXIED_METHODS, include_in_schema=False)
    app.openapi = lambda: _openapi(app, gateway)  # type: ignore[method-assign]
    return app


def _gateway(settings: GatewaySettings) -> Gateway:
    client = UpstreamClient(settings)
    return Gateway(
        settings=settings,
        client=client,
        catalog=RouteCatalog(settings.upstreams, client),
        per_client=TokenBuckets(
            settings.rate_limit_client_per_second, settings.rate_limit_client_burst
        ),
        per_subject=TokenBuckets(
            settings.rate_limit_subject_per_second, settings.rate_limit_subject_burst
        ),
        tokens=VerifiedTokens(settings),
    )


def _lifespan(gateway: Gateway):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        settings = gateway.settings
        refresher = asyncio.create_task(
            gateway.catalog.keep_fresh(
                settings.routes_retry_seconds, settings.routes_refresh_seconds
            )
        )
        try:
            yield
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            await gateway.client.close()

    return lifespan


def _readiness_checks(gateway: Gateway) -> dict[str, ReadinessCheck]:
    checks: dict[str, ReadinessCheck] = {"routes": lambda: _routes_loaded(gateway.catalog)}
    for upstream in gateway.settings.upstreams:
        checks[upstream.name] = lambda name=upstream.name: gateway.client.ready(name)  # type: ignore[misc]
    return checks


async def _routes_loaded(catalog: RouteCatalog) -> None:
    missing = catalog.missing()
    if missing:
        raise RuntimeError(f"routes not yet read from {', '.join(missing)}")


def _openapi(app: FastAPI, gateway: Gateway) -> dict[str, Any]:
    own = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    return merged_document(own, gateway.settings.upstreams, gateway.catalog.documents)
