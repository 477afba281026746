"""Lookups, views and audit shared by the recruitment use cases."""

import json
from datetime import UTC, datetime
from uuid import UUID

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..adapters.selection_tables import OfferRow
from ..adapters.tables import ApplicationRow, AuditEntry, CallRow
from ..domain.errors import ForbiddenError, NotFoundError
from ..domain.model import (
    ApplicantProfile,
    ApplicationStatus,
    ApplicationView,
    CallView,
    EligibilityRules,
    OfferStatus,
    OfferSummary,
    ReviewPolicy,
    RuleOutcomeView,
    ScreeningOverride,
)

ELIGIBLE, INELIGIBLE = ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE
ACCEPTED, WITHDRAWN = ApplicationStatus.ACCEPTED, ApplicationStatus.WITHDRAWN
SUBMITTED_STATES = (ELIGIBLE, INELIGIBLE)


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every time the service writes is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def require(actor: Actor, *roles: Role) -> None:
    if not actor.is_(*roles):
        raise ForbiddenError(f"role {actor.role.value} may not do this")


async def find_call(session: AsyncSession, call_id: UUID, for_update: bool = False) -> CallRow:
    call = await session.get(CallRow, str(call_id), with_for_update=for_update)
    if call is None:
        raise NotFoundError(f"call {call_id} not found")
    return call


async def find_application(
    session: AsyncSession, application_id: UUID, for_update: bool = False
) -> ApplicationRow:
    """With `for_update` the row is locked and read afresh, so the command decides on the state
    no concurrent command can change before it commits."""
    row = await session.get(
        ApplicationRow,
        str(application_id),
        with_for_update=for_update,
        populate_existing=for_update,
    )
    if row is None:
        raise NotFoundError(f"application {application_id} not found")
    return row


def ensure_owner(actor: Actor, row: ApplicationRow) -> None:
    """Applicants reach only their own applications; others' answer as missing, so nothing
    leaks about who applied."""
    if row.applicant_subject != actor.subject:
        raise NotFoundError(f"application {row.application_id} not found")


async def accepted_count(session: AsyncSession, call_id: str) -> int:
    query = select(func.count()).where(
        col(ApplicationRow.call_id) == call_id, col(ApplicationRow.status) == ACCEPTED
    )
    return int((await session.exec(query)).one())


def audit(
    session: AsyncSession, actor: Actor, action: str, application_id: str, **detail: object
) -> None:
    session.add(
        AuditEntry(
            at=now(),
            actor_subject=actor.subject,
            actor_role=actor.role.value,
            action=action,
            application_id=application_id,
            detail=json.dumps(detail, default=str),
        )
    )


def rules_of(call: CallRow) -> EligibilityRules:
    return EligibilityRules.model_validate_json(call.eligibility)


def review_policy_of(call: CallRow) -> ReviewPolicy:
    return ReviewPolicy.model_validate_json(call.review_policy)


def call_view(row: CallRow, accepted: int) -> CallView:
    return CallView(
        call_id=UUID(row.call_id),
        track=row.track,
        title=row.title,
        target=row.target,
        women_share_goal=row.women_share_goal,
        courses_or_specialties=json.loads(row.courses_or_specialties),
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        eligibility=rules_of(row),
        review=review_policy_of(row),
        accepted=accepted,
    )


def application_view(row: ApplicationRow, offer: OfferRow | None = None) -> ApplicationView:
    override = row.screening_override
    return ApplicationView(
        application_id=UUID(row.application_id),
        call_id=UUID(row.call_id),
        status=ApplicationStatus(row.status),
        submitted_at=row.submitted_at,
        screening=[RuleOutcomeView.model_validate(item) for item in json.loads(row.screening)],
        screening_override=ScreeningOverride.model_validate_json(override) if override else None,
        profile=ApplicantProfile.model_validate_json(row.profile),
        offer=_offer_summary(offer) if offer is not None else None,
    )


def _offer_summary(offer: OfferRow) -> OfferSummary:
    return OfferSummary(
        status=OfferStatus(offer.status),
        made_at=aware(offer.made_at),
        deadline=aware(offer.deadline),
        answered_at=aware(offer.answered_at) if offer.answered_at else None,
    )
