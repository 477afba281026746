"""`create_app()`: the recruitment process (HTTP API and outbox relay)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.runtime.errors import install_domain_error_handlers
from diaspora_shared.runtime.service import ServiceRuntime, create_service_app

from ..domain import errors
from ..service_layer.clock import Clock, SystemClock
from ..service_layer.offers import lapse_offers_past_deadline
from ..settings import RecruitmentSettings
from . import personal_data_http, review_http, selection_http
from .http import router

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def create_app(settings: RecruitmentSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or RecruitmentSettings()
    clock = clock or SystemClock()
    runtime = ServiceRuntime(settings, migrations=MIGRATIONS)
    runtime.every(
        "offer-expiry",
        settings.offer_expiry_interval_seconds,
        lambda: lapse_offers_past_deadline(runtime, clock),
    )
    app = create_service_app(
        runtime,
        title="Recruitment service",
        description="Calls, applications and acceptances of diaspora professionals.",
    )
    app.state.clock = clock
    install_domain_error_handlers(
        app,
        {
            errors.NotFoundError: 404,
            errors.ForbiddenError: 403,
            errors.ConflictError: 409,
            errors.InvalidInputError: 422,
        },
    )
    app.include_router(router)
    app.include_router(personal_data_http.router)
    app.include_router(review_http.router)
    app.include_router(selection_http.router)
    return app
