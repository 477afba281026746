"""`create_app()`: the reporting process (Kafka subscribers and the report API)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition

from ..settings import ReportingSettings
from . import indicators_http, reference_http
from .http import router
from .subscriptions import register_subscriptions

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def _subscribe(runtime: ServiceRuntime, _settings: ReportingSettings) -> None:
    register_subscriptions(runtime)


SERVICE = ServiceDefinition(
    settings=ReportingSettings,
    title="Reporting service",
    description="Read models for every stakeholder, built from integration events.",
    migrations=MIGRATIONS,
    routers=[router, indicators_http.router, reference_http.router],
    wire=_subscribe,
)


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    return SERVICE.create_app(settings)
