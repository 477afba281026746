"""`create_app()`: the gateway, the one HTTP entry for web frontends."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from diaspora_shared.runtime.errors import install_problem_handlers
from diaspora_shared.runtime.health import health_router
from diaspora_shared.runtime.http_problems import PLATFORM_STATUSES
from diaspora_shared.runtime.idempotency import declare_idempotency_key
from diaspora_shared.runtime.logging import configure_logging

from .routes import personal_data, recruitment, reports, selection
from .settings import GatewaySettings
from .upstream import Upstreams

UPSTREAM_SERVICES = ("recruitment", "reporting")


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    configure_logging(settings.service_name, settings.log_level)
    upstreams = Upstreams(
        recruitment_url=settings.recruitment_url,
        reporting_url=settings.reporting_url,
        timeout_seconds=settings.upstream_timeout_seconds,
        max_connections=settings.upstream_max_connections,
        queue_seconds=settings.upstream_queue_seconds,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await upstreams.close()

    app = FastAPI(
        title="IOM diaspora programmes gateway",
        description="Recruitment, deployment, grants and reports for the TVET and Health tracks. "
        "Every call needs a bearer token (see `gateway-token`).",
        lifespan=lifespan,
    )
    # Beyond the platform's statuses, the gateway answers 503 when a service does not.
    install_problem_handlers(app, (*PLATFORM_STATUSES, 503))
    declare_idempotency_key(app)
    app.state.settings = settings
    app.state.upstreams = upstreams
    checks = {name: _ready_check(upstreams, name) for name in UPSTREAM_SERVICES}
    app.include_router(health_router(checks))
    app.include_router(recruitment.router)
    app.include_router(personal_data.router)
    app.include_router(reports.router)
    app.include_router(selection.router)
    return app


def _ready_check(upstreams: Upstreams, service: str):  # type: ignore[no-untyped-def]
    async def check() -> None:
        await upstreams.ready(service)

    return check
