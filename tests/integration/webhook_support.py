"""What the webhook tests share: a migrated reporting database, approved subscriptions,
public events turned into deliveries, a fast delivery policy and a running dispatcher."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from uuid import NAMESPACE_URL, uuid5

from sqlmodel import col, select

from diaspora_shared.contracts.public import CloudEvent, ProfessionalAcceptedV1, cloud_event_for
from diaspora_shared.contracts.vocabulary import Role, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.adapters.webhook_tables import WebhookDeliveryRow
from reporting.entrypoints.app import MIGRATIONS
from reporting.service_layer import webhook_subscriptions
from reporting.service_layer.webhook_claims import Backoff
from reporting.service_layer.webhook_dispatcher import DeliveryPolicy, WebhookDispatcher
from reporting.service_layer.webhook_intake import enqueue
from reporting.service_layer.webhook_subscriptions import Registration

OFFICER = Actor(subject="officer-1", role=Role.IOM_OFFICER, org="IOM-RW")
ACCEPTED = ProfessionalAcceptedV1.event_type


async def migrated(url: str) -> Database:
    await upgrade_to_head(MIGRATIONS, url)
    return Database(url)


async def approved_subscription(
    database: Database, url: str, organisation: str = "MINEDUC"
) -> tuple[str, str]:
    """An approved subscription to professional acceptances: its id and its secret."""
    registration = Registration(url, (ACCEPTED,), organisation)
    async with database.session() as session:
        row, secret = await webhook_subscriptions.register(
            session, OFFICER, registration, organisation
        )
        await webhook_subscriptions.approve(session, OFFICER, row.subscription_id)
    return row.subscription_id, secret


def accepted_event(number: int, call: str = "call-a") -> tuple[CloudEvent, str]:
    """The `number`th acceptance through `call` (a stable id per number and call), its key."""
    public = ProfessionalAcceptedV1(
        call_id=uuid5(NAMESPACE_URL, call), track=Track.TVET, accepted_month="2026-05"
    )
    event = cloud_event_for(
        public, source_event_id=f"{call}-{number}", time=datetime(2026, 5, 1, tzinfo=UTC)
    )
    return event, public.key


async def arrived(database: Database, *events: tuple[CloudEvent, str]) -> None:
    """The bridge's intake of public events, as the consumer group would record them."""
    for event, key in events:
        async with database.session() as session:
            await enqueue(session, event, key)
            await session.commit()


def fast_policy(**overrides: object) -> DeliveryPolicy:
    values: dict[str, object] = {
        "timeout_seconds": 2.0,
        "backoff": Backoff(base_seconds=0.05, max_seconds=0.2, max_attempts=3),
        "allow_loopback": True,
        "poll_interval_seconds": 0.05,
    }
    return DeliveryPolicy(**(values | overrides))  # type: ignore[arg-type]


@asynccontextmanager
async def dispatching(database: Database, policy: DeliveryPolicy) -> AsyncIterator[None]:
    dispatcher = WebhookDispatcher(database, policy)
    dispatcher.start()
    try:
        yield
    finally:
        await dispatcher.stop()


async def deliveries(database: Database, subscription_id: str) -> list[WebhookDeliveryRow]:
    query = (
        select(WebhookDeliveryRow)
        .where(WebhookDeliveryRow.subscription_id == subscription_id)
        .order_by(col(WebhookDeliveryRow.seq))
    )
    async with database.session() as session:
        return list((await session.exec(query)).all())


def event_ids(bodies: list[bytes]) -> list[str]:
    return [str(json.loads(body)["id"]) for body in bodies]
