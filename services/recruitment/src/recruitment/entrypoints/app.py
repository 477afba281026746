"""`create_app()`: the recruitment process (HTTP API, outbox relay, offer expiry, and the
consumer that learns who may read contact details)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.runtime.idempotency import IdempotentPosts, declare_idempotency_key
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition

from ..domain import errors
from ..service_layer.clock import Clock, SystemClock
from ..service_layer.offers import lapse_offers_past_deadline
from ..settings import RecruitmentSettings
from . import contacts_http, personal_data_http, review_http, selection_http
from .http import router
from .subscriptions import register_subscriptions

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def _idempotent_posts(app: FastAPI, runtime: ServiceRuntime) -> None:
    app.add_middleware(IdempotentPosts, database_of=lambda: runtime.database)
    declare_idempotency_key(app)


def recruitment_service(clock: Clock) -> ServiceDefinition[RecruitmentSettings]:
    """Recruitment, with the clock its offer deadlines are measured with (tests move it)."""

    def wire(runtime: ServiceRuntime, settings: RecruitmentSettings) -> None:
        """Offers lapse on time; mission and mentor events keep the contact entitlements."""
        runtime.every(
            "offer-expiry",
            settings.offer_expiry_interval_seconds,
            lambda: lapse_offers_past_deadline(runtime, clock),
        )
        register_subscriptions(runtime)

    return ServiceDefinition(
        settings=RecruitmentSettings,
        title="Recruitment service",
        description="Calls, applications and acceptances of diaspora professionals.",
        migrations=MIGRATIONS,
        routers=[
            router,
            personal_data_http.router,
            review_http.router,
            selection_http.router,
            contacts_http.router,
        ],
        domain_errors={
            errors.NotFoundError: 404,
            errors.ForbiddenError: 403,
            errors.ConflictError: 409,
            errors.InvalidInputError: 422,
        },
        wire=wire,
        state={"clock": clock},
        extend=_idempotent_posts,
    )


SERVICE = recruitment_service(SystemClock())


def create_app(settings: RecruitmentSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return recruitment_service(clock or SystemClock()).create_app(settings)
