"""`/partners/webhooks`: partners (or officers on their behalf) register endpoints, officers
approve them, and both read the delivery log and ask for redelivery.

Partners are the organisations tokens speak for (ministries, host institutions, pilot
projects); each sees only its own subscriptions."""

import json
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.dependencies import SessionDep
from diaspora_shared.runtime.http_problems import problems

from ..adapters.webhook_tables import WebhookDeliveryRow, WebhookSubscriptionRow
from ..service_layer import webhook_log, webhook_subscriptions
from ..service_layer.webhook_endpoints import MAX_URL_LENGTH, check_endpoint
from ..service_layer.webhook_subscriptions import Registration
from ..settings import ReportingSettings

router = APIRouter(prefix="/partners/webhooks", tags=["partner webhooks"])
PartnerOrOfficer = Annotated[
    Actor,
    Depends(
        allow(Role.IOM_OFFICER, Role.MINISTRY_VIEWER, Role.HOST_INSTITUTION, Role.PILOT_PROJECT)
    ),
]
Officer = Annotated[Actor, Depends(allow(Role.IOM_OFFICER))]
DeliveryStatus = Literal["pending", "delivered", "failed"]
Limit = Annotated[int, Query(ge=1, le=500)]
OrganisationCode = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[A-Z0-9-]+$")]


class RegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=MAX_URL_LENGTH, description="An https URL of the partner's.")
    event_types: list[Annotated[str, Field(max_length=200)]] = Field(
        min_length=1, max_length=20, description="Public CloudEvents types to receive."
    )
    organisation: OrganisationCode | None = Field(
        default=None, description="The partner, when an officer registers on its behalf."
    )


class SubscriptionView(BaseModel):
    subscription_id: str
    organisation: str
    url: str
    event_types: list[str]
    status: Literal["pending", "approved"]
    registered_at: datetime
    approved_at: datetime | None

    @classmethod
    def of(cls, row: WebhookSubscriptionRow) -> "SubscriptionView":
        return cls.model_validate(row.model_dump(exclude={"secret"}) | {"event_types": _types(row)})


class RegisteredSubscription(SubscriptionView):
    secret: str = Field(
        description="Signs every delivery (see Webhook-Signature); shown this once only."
    )


class DeliveryView(BaseModel):
    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    last_outcome: str | None
    created_at: datetime
    next_attempt_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, row: WebhookDeliveryRow) -> "DeliveryView":
        return cls.model_validate(row.model_dump())


@router.post(
    "",
    status_code=201,
    summary="Register an endpoint for public events (pending until an officer approves)",
    responses=problems(403, 422),
)
async def register(
    body: RegistrationIn, request: Request, actor: PartnerOrOfficer, session: SessionDep
) -> RegisteredSubscription:
    organisation = webhook_subscriptions.organisation_for(actor, body.organisation)
    settings: ReportingSettings = request.app.state.runtime.settings
    await check_endpoint(body.url, allow_loopback=settings.webhook_allow_loopback_http)
    registration = Registration(body.url, tuple(body.event_types), organisation)
    row, secret = await webhook_subscriptions.register(session, actor, registration, organisation)
    return RegisteredSubscription(**SubscriptionView.of(row).model_dump(), secret=secret)


@router.get("", summary="The caller's organisation's subscriptions (an officer: any)")
async def subscriptions(
    actor: PartnerOrOfficer,
    session: SessionDep,
    organisation: Annotated[str | None, Query(max_length=50)] = None,
) -> list[SubscriptionView]:
    rows = await webhook_subscriptions.subscriptions_of(session, actor, organisation)
    return [SubscriptionView.of(row) for row in rows]


@router.get("/deliveries", summary="Every delivery to the caller's organisation, newest first")
async def partner_deliveries(
    actor: PartnerOrOfficer,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    limit: Limit = 100,
    organisation: Annotated[str | None, Query(max_length=50)] = None,
) -> list[DeliveryView]:
    rows = await webhook_log.partner_deliveries(session, actor, organisation, status, limit)
    return [DeliveryView.of(row) for row in rows]


@router.get("/{subscription_id}", summary="One subscription", responses=problems(404))
async def subscription(
    subscription_id: UUID, actor: PartnerOrOfficer, session: SessionDep
) -> SubscriptionView:
    row = await webhook_subscriptions.visible_subscription(session, actor, str(subscription_id))
    return SubscriptionView.of(row)


@router.post(
    "/{subscription_id}/approval",
    summary="Approve a subscription: deliveries start with the next public event",
    responses=problems(404),
)
async def approve(subscription_id: UUID, actor: Officer, session: SessionDep) -> SubscriptionView:
    row = await webhook_subscriptions.approve(session, actor, str(subscription_id))
    return SubscriptionView.of(row)


@router.get(
    "/{subscription_id}/deliveries",
    summary="The delivery log, newest first",
    responses=problems(404),
)
async def deliveries(
    subscription_id: UUID,
    actor: PartnerOrOfficer,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    limit: Limit = 100,
) -> list[DeliveryView]:
    rows = await webhook_log.deliveries_of(session, actor, str(subscription_id), status, limit)
    return [DeliveryView.of(row) for row in rows]


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/redelivery",
    status_code=202,
    summary="Deliver a finished (failed or delivered) event again",
    responses=problems(404, 409),
)
async def redeliver(
    subscription_id: UUID, delivery_id: UUID, actor: PartnerOrOfficer, session: SessionDep
) -> DeliveryView:
    row = await webhook_log.redeliver(session, actor, str(subscription_id), str(delivery_id))
    return DeliveryView.of(row)


def _types(row: WebhookSubscriptionRow) -> list[str]:
    types: list[str] = json.loads(row.event_types)
    return types
