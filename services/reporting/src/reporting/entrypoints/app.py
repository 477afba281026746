"""`create_app()`: the reporting process (Kafka subscribers and the report API)."""

from pathlib import Path

from fastapi import FastAPI

from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.service_definition import ServiceDefinition

from ..service_layer.exports.choice import ExportNotOffered
from ..service_layer.exports.dhis2 import NotADhis2Period
from ..service_layer.exports.dhis2_mapping import load_mapping
from ..service_layer.periods import InvalidPeriod
from ..service_layer.stakeholder_views import UnknownOrganisation, ViewNotAllowed
from ..service_layer.webhook_endpoints import RefusedEndpoint
from ..service_layer.webhook_log import DeliveryStillPending, UnknownDelivery
from ..service_layer.webhook_subscriptions import (
    SubscriptionNotAllowed,
    UnknownEventType,
    UnknownPartner,
    UnknownSubscription,
)
from ..settings import ReportingSettings
from . import exports_http, indicators_http, reference_http, webhook_http
from .http import router
from .subscriptions import register_subscriptions
from .webhook_bridge import register_webhooks

MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "migrations"


def _wire(runtime: ServiceRuntime, settings: ReportingSettings) -> None:
    load_mapping(Path(settings.dhis2_mapping_file))  # a broken mapping stops the start
    register_subscriptions(runtime)
    # Partners' webhooks: a group of its own on the public topics, and the delivery worker.
    register_webhooks(runtime)


SERVICE = ServiceDefinition(
    settings=ReportingSettings,
    title="Reporting service",
    description="Read models for every stakeholder, built from integration events.",
    migrations=MIGRATIONS,
    routers=[
        router,
        indicators_http.router,
        reference_http.router,
        exports_http.router,
        webhook_http.router,
    ],
    domain_errors={
        UnknownOrganisation: 404,
        ExportNotOffered: 404,
        ViewNotAllowed: 403,
        InvalidPeriod: 422,
        NotADhis2Period: 422,
        UnknownSubscription: 404,
        UnknownDelivery: 404,
        SubscriptionNotAllowed: 403,
        UnknownEventType: 422,
        UnknownPartner: 422,
        RefusedEndpoint: 422,
        DeliveryStillPending: 409,
    },
    wire=_wire,
)


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    return SERVICE.create_app(settings)
