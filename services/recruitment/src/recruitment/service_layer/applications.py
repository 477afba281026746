"""The life of an application: submitted and screened, updated, overridden, accepted or
withdrawn. Each use case is one unit of work: the change and its events commit together."""

import json
from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import (
    ApplicantWithdrew,
    ApplicationScreened,
    ApplicationSubmitted,
)
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.selection_tables import OfferRow
from ..adapters.tables import ApplicationRow, CallRow
from ..domain.eligibility import screen
from ..domain.errors import ConflictError
from ..domain.model import (
    ApplicantProfile,
    ApplicationView,
    ScreeningOverride,
    ensure_offered,
    ensure_open_for_applications,
)
from .common import (
    ACCEPTED,
    ELIGIBLE,
    INELIGIBLE,
    SUBMITTED_STATES,
    WITHDRAWN,
    accepted_count,
    accepted_event,
    application_view,
    audit,
    ensure_not_erased,
    ensure_owner,
    find_application,
    find_call,
    now,
    require,
    rules_of,
)
from .selection_rounds import OFFERED, has_confirmed_selection, offer_place_to_next


async def submit_application(
    uow: UnitOfWork, actor: Actor, call_id: UUID, profile: ApplicantProfile, today: date
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    call = await find_call(uow.session, call_id)
    ensure_open_for_applications(call.opens_on, call.closes_on, today)
    ensure_offered(profile.courses_or_specialties, json.loads(call.courses_or_specialties))
    row = ApplicationRow(
        application_id=str(uuid4()),
        call_id=call.call_id,
        applicant_subject=actor.subject,
        status=ELIGIBLE,
        profile=profile.model_dump_json(),
        submitted_at=now(),
        screening="[]",
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
    _screen(uow, call, row, profile)
    try:
        await uow.commit()
    except IntegrityError as error:
        raise ConflictError(
            "you have already applied to this call", code="application.duplicate"
        ) from error
    return application_view(row)


async def update_application(
    uow: UnitOfWork, actor: Actor, application_id: UUID, profile: ApplicantProfile, today: date
) -> ApplicationView:
    """Applicants may correct their application until the call closes; it is screened again."""
    require(actor, Role.APPLICANT)
    row = await find_application(uow.session, application_id)
    ensure_owner(actor, row)
    if row.status not in SUBMITTED_STATES:
        raise ConflictError(f"application is {row.status} and can no longer be changed")
    call = await find_call(uow.session, UUID(row.call_id))
    ensure_open_for_applications(call.opens_on, call.closes_on, today)
    ensure_offered(profile.courses_or_specialties, json.loads(call.courses_or_specialties))
    row.profile = profile.model_dump_json()
    row.screening_override = None
    _screen(uow, call, row, profile)
    await uow.commit()
    return application_view(row)


async def get_application(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ApplicationView:
    row = await find_application(session, application_id)
    if actor.is_(Role.IOM_OFFICER):
        audit(session, actor, "read_personal_data", row.application_id)
        await session.commit()
    else:
        ensure_owner(actor, row)
    return application_view(row)


async def override_screening(
    uow: UnitOfWork, actor: Actor, application_id: UUID, decision: ScreeningOverride
) -> ApplicationView:
    require(actor, Role.IOM_OFFICER)
    row = await find_application(uow.session, application_id)
    if row.status not in SUBMITTED_STATES:
        raise ConflictError(f"application is {row.status}; screening can no longer change")
    call = await find_call(uow.session, UUID(row.call_id))
    row.status = ELIGIBLE if decision.eligible else INELIGIBLE
    row.screening_override = decision.model_dump_json()
    uow.session.add(row)
    audit(uow.session, actor, "override_screening", row.application_id, **decision.model_dump())
    profile = ApplicantProfile.model_validate_json(row.profile)
    uow.record(_screened(call, row, profile, failed=_failed_rules(row), overridden=True))
    await uow.commit()
    return application_view(row)


async def accept_applicant(uow: UnitOfWork, actor: Actor, application_id: UUID) -> ApplicationView:
    require(actor, Role.IOM_OFFICER)
    row = await find_application(uow.session, application_id)
    ensure_not_erased(row)
    if row.status != ELIGIBLE:
        raise ConflictError(f"application is {row.status}, only an eligible one can be accepted")
    if await has_confirmed_selection(uow.session, row.call_id):
        raise ConflictError("this call's places go through its confirmed selection and offers")
    # Locking the call serialises acceptances, so two officers cannot both take the last place.
    call = await find_call(uow.session, UUID(row.call_id), for_update=True)
    if await accepted_count(uow.session, call.call_id) >= call.target:
        raise ConflictError(f"the call's target of {call.target} is already reached")
    profile = ApplicantProfile.model_validate_json(row.profile)
    row.status, row.decided_at = ACCEPTED, now()
    uow.session.add(row)
    audit(uow.session, actor, "accept", row.application_id)
    uow.record(accepted_event(call, row, profile))
    await uow.commit()
    return application_view(row)


async def withdraw_application(
    uow: UnitOfWork, actor: Actor, application_id: UUID
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    row = await find_application(uow.session, application_id)
    ensure_owner(actor, row)
    if row.status == WITHDRAWN:
        raise ConflictError("application is already withdrawn")
    call = await find_call(uow.session, UUID(row.call_id), for_update=True)
    was_accepted = row.status == ACCEPTED
    held_a_place = row.status in (ACCEPTED, OFFERED)
    row.status, row.decided_at = WITHDRAWN, now()
    uow.session.add(row)
    if held_a_place:
        await _close_offer(uow, row.application_id, row.decided_at)
        await offer_place_to_next(uow, call, row.application_id, row.decided_at)
    profile = ApplicantProfile.model_validate_json(row.profile)
    uow.record(
        ApplicantWithdrew(
            application_id=application_id,
            call_id=UUID(call.call_id),
            track=call.track,
            sex=profile.sex,
            was_accepted=was_accepted,
            withdrawn_at=row.decided_at,
        )
    )
    await uow.commit()
    return application_view(row)


def _screen(uow: UnitOfWork, call: CallRow, row: ApplicationRow, profile: ApplicantProfile) -> None:
    outcomes = screen(profile, rules_of(call))
    row.screening = json.dumps([asdict(outcome) for outcome in outcomes])
    failed = tuple(outcome.rule for outcome in outcomes if not outcome.passed)
    row.status = INELIGIBLE if failed else ELIGIBLE
    uow.session.add(row)
    uow.record(_screened(call, row, profile, failed=failed, overridden=False))


def _failed_rules(row: ApplicationRow) -> tuple[str, ...]:
    return tuple(item["rule"] for item in json.loads(row.screening) if not item["passed"])


def _screened(
    call: CallRow,
    row: ApplicationRow,
    profile: ApplicantProfile,
    *,
    failed: tuple[str, ...],
    overridden: bool,
) -> ApplicationScreened:
    return ApplicationScreened(
        application_id=UUID(row.application_id),
        call_id=UUID(call.call_id),
        track=call.track,
        sex=profile.sex,
        country_of_residence=profile.country_of_residence,
        eligible=row.status == ELIGIBLE,
        overridden=overridden,
        failed_rules=failed,
        screened_at=now(),
    )


async def _close_offer(uow: UnitOfWork, application_id: str, at: datetime) -> None:
    offer = await uow.session.get(OfferRow, application_id)
    if offer is not None and offer.status in (OFFERED, ACCEPTED):
        offer.status, offer.answered_at = WITHDRAWN, at
        uow.session.add(offer)
