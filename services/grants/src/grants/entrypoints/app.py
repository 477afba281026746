"""`create_app()`: the grants process (HTTP API and outbox relay)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    MissionCancelled,
    MissionCompleted,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from diaspora_shared.runtime.idempotency import IdempotentPosts, declare_idempotency_key
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition

from ..domain import errors
from ..service_layer import mentors, missions
from ..service_layer.clock import Clock, SystemClock
from ..settings import GrantsSettings
from . import contacts_http, follow_up_http, mentors_http, own_mentoring_http, tranche_http
from .http import router

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


MENTORS_GROUP = "grants.mentors"
MISSIONS_GROUP = "grants.missions"


def _idempotent_posts(app: FastAPI, runtime: ServiceRuntime) -> None:
    app.add_middleware(IdempotentPosts, database_of=lambda: runtime.database)
    declare_idempotency_key(app)


def _subscribe(runtime: ServiceRuntime, _settings: GrantsSettings) -> None:
    runtime.consume(
        MENTORS_GROUP,
        {
            ApplicantAccepted: mentors.on_applicant_accepted,
            ApplicantWithdrew: mentors.on_applicant_withdrew,
            ApplicantDataErased: mentors.on_applicant_data_erased,
        },
    )
    runtime.consume(
        MISSIONS_GROUP,
        {
            MissionPlanned: missions.on_mission_planned,
            MissionStarted: missions.on_mission_started,
            MissionExtended: missions.on_mission_extended,
            MissionCompleted: missions.on_mission_completed,
            MissionCancelled: missions.on_mission_cancelled,
        },
    )


def grants_service(clock: Clock) -> ServiceDefinition[GrantsSettings]:
    """Grants, with the clock lateness is measured with (tests set the day)."""
    return ServiceDefinition(
        settings=GrantsSettings,
        title="Grants service",
        description="Pilot-project calls, review, awards, tranches and disbursements.",
        migrations=MIGRATIONS,
        routers=[
            router,
            tranche_http.router,
            follow_up_http.router,
            contacts_http.router,
            mentors_http.router,
            own_mentoring_http.router,
        ],
        domain_errors={
            errors.NotFoundError: 404,
            errors.ConflictError: 409,
            errors.InvalidInputError: 422,
        },
        wire=_subscribe,
        state={"clock": clock},
        extend=_idempotent_posts,
    )


SERVICE = grants_service(SystemClock())


def create_app(settings: GrantsSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return grants_service(clock or SystemClock()).create_app(settings)
