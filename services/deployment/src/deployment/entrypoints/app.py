"""`create_app()`: the deployment process (HTTP API, outbox relay, recruitment subscriptions)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.domain.clock import Clock, SystemClock
from diaspora_shared.domain.errors import DOMAIN_ERROR_STATUSES
from diaspora_shared.runtime.idempotency import IdempotentPosts, declare_idempotency_key
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition

from ..settings import DeploymentSettings
from . import activities_http, end_report_http, missions_http, requests_http
from .subscriptions import register_subscriptions

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def _extend(app: FastAPI, runtime: ServiceRuntime) -> None:
    """Idempotent POSTs, and the key callers' person references are computed with."""
    app.state.person_ref_key = runtime.settings.person_ref_key
    app.add_middleware(IdempotentPosts, database_of=lambda: runtime.database)
    declare_idempotency_key(app)


def _wire(runtime: ServiceRuntime, _settings: DeploymentSettings) -> None:
    register_subscriptions(runtime)


def deployment_service(clock: Clock) -> ServiceDefinition[DeploymentSettings]:
    return ServiceDefinition(
        settings=DeploymentSettings,
        title="Deployment service",
        description="Host requests, professionals available for missions, and missions.",
        migrations=MIGRATIONS,
        routers=[
            requests_http.router,
            missions_http.router,
            activities_http.router,
            end_report_http.router,
        ],
        domain_errors=DOMAIN_ERROR_STATUSES,
        wire=_wire,
        state={"clock": clock},
        extend=_extend,
    )


SERVICE = deployment_service(SystemClock())


def create_app(settings: DeploymentSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return deployment_service(clock or SystemClock()).create_app(settings)
