"""`create_app()`: the reporting process (Kafka subscribers and the report API)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.runtime.service import ServiceRuntime, create_service_app

from ..settings import ReportingSettings
from . import reference_http
from .http import router
from .subscriptions import register_subscriptions

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or ReportingSettings(), migrations=MIGRATIONS)
    register_subscriptions(runtime)
    app = create_service_app(
        runtime,
        title="Reporting service",
        description="Read models for every stakeholder, built from integration events.",
    )
    app.include_router(router)
    app.include_router(reference_http.router)
    return app
