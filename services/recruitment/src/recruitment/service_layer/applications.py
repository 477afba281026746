"""The life of an application: submitted and screened, updated, overridden, accepted or
withdrawn. Each use case takes a unit of work: the aggregate decides, the unit of work commits
its change and the events it recorded together."""

from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID

from pydantic import SecretStr
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.person_ref import person_ref

from ..adapters.selection_tables import OfferRow
from ..adapters.tables import ApplicationRow
from ..domain.application import Application, Offer
from ..domain.call import Call
from ..domain.errors import AlreadyDone, NotFoundError
from ..domain.model import (
    ApplicantProfile,
    ApplicationView,
    OfferSummary,
    RuleOutcomeView,
    ScreeningOverride,
)
from .common import application_view, audit, ensure_owner, find_application, now, require
from .unit_of_work import RecruitmentUnitOfWork


async def submit_application(
    uow: RecruitmentUnitOfWork, actor: Actor, call_id: UUID, profile: ApplicantProfile, today: date
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    call = await uow.calls.get(call_id)
    application = Application.submit(call, actor.subject, profile, now(), today)
    uow.applications.add(application)
    try:
        await uow.commit()
    except IntegrityError as error:
        raise AlreadyDone(
            "you have already applied to this call", code="application.duplicate"
        ) from error
    return view_of(application)


async def update_application(
    uow: RecruitmentUnitOfWork,
    actor: Actor,
    application_id: UUID,
    profile: ApplicantProfile,
    today: date,
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    application = await uow.applications.get(application_id, for_update=True)
    _ensure_owner(actor, application)
    call = await uow.calls.get(application.call_id)
    application.update(call, profile, now(), today)
    await uow.commit()
    return view_of(application)


async def get_application(
    session: AsyncSession, actor: Actor, application_id: UUID
) -> ApplicationView:
    row = await find_application(session, application_id)
    if actor.is_(Role.IOM_OFFICER):
        audit(session, actor, "read_personal_data", row.application_id)
        await session.commit()
    else:
        ensure_owner(actor, row)
    return application_view(row, await offer_of(session, row))


async def override_screening(
    uow: RecruitmentUnitOfWork, actor: Actor, application_id: UUID, decision: ScreeningOverride
) -> ApplicationView:
    require(actor, Role.IOM_OFFICER)
    application = await uow.applications.get(application_id, for_update=True)
    call = await uow.calls.get(application.call_id)
    application.override(call, decision, now())
    uow.audit(actor, "override_screening", application_id, **decision.model_dump())
    await uow.commit()
    return view_of(application)


async def accept_applicant(
    uow: RecruitmentUnitOfWork,
    actor: Actor,
    application_id: UUID,
    person_ref_key: SecretStr | None = None,
) -> ApplicationView:
    require(actor, Role.IOM_OFFICER)
    # Locking the call serialises acceptances, so two officers cannot both take the last place.
    call, application = await _locked(uow, application_id)
    accepted_so_far = await uow.applications.accepted_count(call.call_id)
    application.accept(
        call, accepted_so_far, now(), _person_ref(person_ref_key, application.applicant_subject)
    )
    uow.audit(actor, "accept", application_id)
    await uow.commit()
    return view_of(application)


async def withdraw_application(
    uow: RecruitmentUnitOfWork, actor: Actor, application_id: UUID, at: datetime | None = None
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    call, application = await _locked(uow, application_id)
    _ensure_owner(actor, application)
    if application.withdraw(call, at or now()):
        await uow.pass_place_on(call.call_id, application_id, at or now())
    await uow.commit()
    return view_of(application)


async def answer_offer(
    uow: RecruitmentUnitOfWork,
    actor: Actor,
    application_id: UUID,
    accept: bool,
    at: datetime,
    person_ref_key: SecretStr | None = None,
) -> ApplicationView:
    require(actor, Role.APPLICANT)
    call, application = await _locked(uow, application_id)
    _ensure_owner(actor, application)
    reference = _person_ref(person_ref_key, application.applicant_subject)
    if application.answer_offer(call, accept, at, reference):
        await uow.pass_place_on(call.call_id, application_id, at)
    await uow.commit()
    return view_of(application)


async def offer_of(session: AsyncSession, row: ApplicationRow) -> OfferRow | None:
    return await session.get(OfferRow, row.application_id)


def view_of(application: Application) -> ApplicationView:
    return ApplicationView(
        application_id=application.application_id,
        call_id=application.call_id,
        status=application.status,
        submitted_at=application.submitted_at,
        screening=[RuleOutcomeView(**asdict(outcome)) for outcome in application.screening],
        screening_override=application.screening_override,
        profile=application.profile,
        offer=_offer_summary(application.offer) if application.offer else None,
    )


def _offer_summary(offer: Offer) -> OfferSummary:
    return OfferSummary(
        status=offer.status,
        made_at=offer.made_at,
        deadline=offer.deadline,
        answered_at=offer.answered_at,
    )


async def _locked(uow: RecruitmentUnitOfWork, application_id: UUID) -> tuple[Call, Application]:
    """The call first, then the application: every command takes them in this order, so two
    commands never wait on each other's locks."""
    unlocked = await uow.applications.get(application_id)
    call = await uow.calls.get(unlocked.call_id, for_update=True)
    return call, await uow.applications.get(application_id, for_update=True)


def _person_ref(key: SecretStr | None, subject: str) -> str | None:
    """The acceptance carries the applicant's person reference when the platform has a key, so
    deployment and grants recognise the professional's own requests without learning who
    they are."""
    return person_ref(key, subject) if key is not None else None


def _ensure_owner(actor: Actor, application: Application) -> None:
    """Applicants reach only their own applications; others' answer as missing."""
    if application.applicant_subject != actor.subject:
        raise NotFoundError(f"application {application.application_id} not found")
