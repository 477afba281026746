"""Recruitment use cases. Each one is a single unit of work: the state change and its events
commit together or not at all."""

import json
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import ApplicantAccepted, ApplicationSubmitted, CallOpened
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.tables import ApplicationRow, CallRow
from ..domain.errors import ConflictError, ForbiddenError, NotFoundError
from ..domain.model import (
    ApplicantProfile,
    ApplicationView,
    CallSpec,
    CallView,
    ensure_offered,
    ensure_open_for_applications,
)

SUBMITTED = "submitted"
ACCEPTED = "accepted"


async def open_call(uow: UnitOfWork, actor: Actor, spec: CallSpec) -> CallView:
    _require(actor, Role.IOM_OFFICER)
    row = CallRow(
        call_id=str(uuid4()),
        track=spec.track.value,
        title=spec.title,
        target=spec.target,
        women_share_goal=spec.women_share_goal,
        courses_or_specialties=json.dumps(spec.courses_or_specialties),
        opens_on=spec.opens_on,
        closes_on=spec.closes_on,
        created_at=_now(),
    )
    uow.session.add(row)
    uow.record(
        CallOpened(
            call_id=UUID(row.call_id),
            track=spec.track,
            title=spec.title,
            target=spec.target,
            women_share_goal=spec.women_share_goal,
            opens_on=spec.opens_on,
            closes_on=spec.closes_on,
        )
    )
    await uow.commit()
    return _call_view(row, accepted=0)


async def list_calls(session: AsyncSession) -> list[CallView]:
    calls = (await session.exec(select(CallRow).order_by(col(CallRow.created_at)))).all()
    return [_call_view(call, await _accepted_count(session, call.call_id)) for call in calls]


async def submit_application(
    uow: UnitOfWork, actor: Actor, call_id: UUID, profile: ApplicantProfile, today: date
) -> ApplicationView:
    _require(actor, Role.APPLICANT)
    call = await _call(uow.session, call_id)
    ensure_open_for_applications(call.opens_on, call.closes_on, today)
    ensure_offered(profile.courses_or_specialties, json.loads(call.courses_or_specialties))
    row = ApplicationRow(
        application_id=str(uuid4()),
        call_id=call.call_id,
        applicant_subject=actor.subject,
        status=SUBMITTED,
        profile=profile.model_dump_json(),
        submitted_at=_now(),
    )
    uow.session.add(row)
    uow.record(
        ApplicationSubmitted(
            application_id=UUID(row.application_id),
            call_id=call_id,
            track=call.track,
            sex=profile.sex,
            country_of_residence=profile.country_of_residence,
            submitted_at=row.submitted_at,
        )
    )
    try:
        await uow.commit()
    except IntegrityError as error:
        raise ConflictError("you have already applied to this call") from error
    return _application_view(row)


async def get_application(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ApplicationView:
    row = await _application(session, application_id)
    if not (actor.is_(Role.IOM_OFFICER) or row.applicant_subject == actor.subject):
        # Same answer as a missing one: an applicant learns nothing about others' applications.
        raise NotFoundError(f"application {application_id} not found")
    return _application_view(row)


async def accept_applicant(uow: UnitOfWork, actor: Actor, application_id: UUID) -> ApplicationView:
    _require(actor, Role.IOM_OFFICER)
    row = await _application(uow.session, application_id)
    if row.status != SUBMITTED:
        raise ConflictError(f"application is {row.status}, only a submitted one can be accepted")
    # Locking the call serialises acceptances, so two officers cannot both take the last place.
    call = await _call(uow.session, UUID(row.call_id), for_update=True)
    if await _accepted_count(uow.session, call.call_id) >= call.target:
        raise ConflictError(f"the call's target of {call.target} is already reached")
    profile = ApplicantProfile.model_validate_json(row.profile)
    row.status, row.decided_at = ACCEPTED, _now()
    uow.session.add(row)
    uow.record(
        ApplicantAccepted(
            application_id=application_id,
            call_id=UUID(call.call_id),
            track=call.track,
            sex=profile.sex,
            country_of_residence=profile.country_of_residence,
            languages=tuple(profile.languages),
            courses_or_specialties=tuple(profile.courses_or_specialties),
            available_from=profile.available_from,
            available_until=profile.available_until,
            accepted_at=row.decided_at,
        )
    )
    await uow.commit()
    return _application_view(row)


def _require(actor: Actor, *roles: Role) -> None:
    if not actor.is_(*roles):
        raise ForbiddenError(f"role {actor.role.value} may not do this")


async def _call(session: AsyncSession, call_id: UUID, for_update: bool = False) -> CallRow:
    call = await session.get(CallRow, str(call_id), with_for_update=for_update)
    if call is None:
        raise NotFoundError(f"call {call_id} not found")
    return call


async def _application(session: AsyncSession, application_id: UUID) -> ApplicationRow:
    row = await session.get(ApplicationRow, str(application_id))
    if row is None:
        raise NotFoundError(f"application {application_id} not found")
    return row


async def _accepted_count(session: AsyncSession, call_id: str) -> int:
    query = select(func.count()).where(
        col(ApplicationRow.call_id) == call_id, col(ApplicationRow.status) == ACCEPTED
    )
    return int((await session.exec(query)).one())


def _call_view(row: CallRow, accepted: int) -> CallView:
    return CallView(
        call_id=UUID(row.call_id),
        track=row.track,
        title=row.title,
        target=row.target,
        women_share_goal=row.women_share_goal,
        courses_or_specialties=json.loads(row.courses_or_specialties),
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        accepted=accepted,
    )


def _application_view(row: ApplicationRow) -> ApplicationView:
    return ApplicationView(
        application_id=UUID(row.application_id),
        call_id=UUID(row.call_id),
        status=row.status,
        submitted_at=row.submitted_at,
        profile=ApplicantProfile.model_validate_json(row.profile),
    )


def _now() -> datetime:
    return datetime.now(UTC)
