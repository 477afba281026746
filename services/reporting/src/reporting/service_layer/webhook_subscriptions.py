"""Partners' webhook subscriptions: registered by a partner (or an officer on its behalf),
approved by an IOM officer, and only then given deliveries.

A partner is an organisation speaking through a token's `org` claim; it sees and manages only
its own subscriptions. Another organisation's subscription is "not found", not "forbidden",
so ids cannot be probed.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.public import PUBLIC_EVENTS_BY_TYPE
from diaspora_shared.contracts.reference import ORGANISATION_CODES
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..adapters.webhook_tables import WebhookSubscriptionRow

PENDING = "pending"
APPROVED = "approved"


class UnknownSubscription(LookupError):
    """No such subscription, or not one of the caller's organisation."""


class SubscriptionNotAllowed(PermissionError):
    """The caller speaks for no organisation, or for another than the one named."""


class UnknownPartner(ValueError):
    """An officer named an organisation that is not in the reference list."""


class UnknownEventType(ValueError):
    """A requested event type is not a public event type."""


@dataclass(frozen=True)
class Registration:
    url: str
    event_types: tuple[str, ...]
    organisation: str | None = None


def is_officer(actor: Actor) -> bool:
    return actor.role is Role.IOM_OFFICER


def organisation_for(actor: Actor, requested: str | None) -> str:
    """The organisation a registration is for: an officer names it, a partner is its own."""
    if is_officer(actor):
        if requested is None:
            raise SubscriptionNotAllowed("an officer registers on behalf of a named organisation")
        if requested not in ORGANISATION_CODES:
            raise UnknownPartner(f"no organisation {requested}")
        return requested
    if actor.org is None or requested not in (None, actor.org):
        raise SubscriptionNotAllowed("a partner registers only for its own organisation")
    return actor.org


def checked_event_types(event_types: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [name for name in event_types if name not in PUBLIC_EVENTS_BY_TYPE]
    if unknown:
        raise UnknownEventType(f"not public event types: {', '.join(sorted(unknown))[:300]}")
    return tuple(dict.fromkeys(event_types))


async def register(
    session: AsyncSession, actor: Actor, registration: Registration, organisation: str
) -> tuple[WebhookSubscriptionRow, str]:
    """A pending subscription and its signing secret, which is shown this once."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    row = WebhookSubscriptionRow(
        subscription_id=str(uuid4()),
        organisation=organisation,
        url=registration.url,
        event_types=json.dumps(list(checked_event_types(registration.event_types))),
        secret=secret,
        status=PENDING,
        registered_by=actor.subject,
        registered_at=datetime.now(UTC),
    )
    session.add(row)
    await session.commit()
    return row, secret


async def approve(
    session: AsyncSession, actor: Actor, subscription_id: str
) -> WebhookSubscriptionRow:
    row = await visible_subscription(session, actor, subscription_id, for_update=True)
    if row.status != APPROVED:
        row.status, row.approved_by, row.approved_at = APPROVED, actor.subject, datetime.now(UTC)
        session.add(row)
        await session.commit()
    return row


async def visible_subscription(
    session: AsyncSession, actor: Actor, subscription_id: str, *, for_update: bool = False
) -> WebhookSubscriptionRow:
    row = await session.get(WebhookSubscriptionRow, subscription_id, with_for_update=for_update)
    if row is None or not (is_officer(actor) or row.organisation == actor.org):
        raise UnknownSubscription("no such webhook subscription")
    return row


async def subscriptions_of(
    session: AsyncSession, actor: Actor, organisation: str | None
) -> list[WebhookSubscriptionRow]:
    """The caller's organisation's subscriptions; an officer's choice of one, or all."""
    query = select(WebhookSubscriptionRow).order_by(col(WebhookSubscriptionRow.registered_at))
    chosen = organisation if is_officer(actor) else actor.org
    if not is_officer(actor) and chosen is None:
        return []
    if chosen is not None:
        query = query.where(WebhookSubscriptionRow.organisation == chosen)
    return list((await session.exec(query)).all())


async def approved_for(session: AsyncSession, event_type: str) -> list[WebhookSubscriptionRow]:
    """Approved subscriptions that asked for `event_type` (few rows: filtered here)."""
    query = select(WebhookSubscriptionRow).where(WebhookSubscriptionRow.status == APPROVED)
    rows = (await session.exec(query)).all()
    return [row for row in rows if event_type in json.loads(row.event_types)]
