"""Application use cases on the fake unit of work: the rules and the events they record,
without a database or Kafka."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantWithdrew,
    ApplicationScreened,
    ApplicationSubmitted,
    OfferDeclined,
)
from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from recruitment.domain.application import Offer
from recruitment.domain.call import Call, TargetReached
from recruitment.domain.errors import (
    AlreadyDone,
    ApplicationErased,
    CallNotOpen,
    InvalidInputError,
    NotFoundError,
    StateConflict,
)
from recruitment.domain.model import ApplicationStatus, EligibilityRules, ScreeningOverride
from recruitment.service_layer import applications

from ..runtimes import OFFICER, profile
from .recruitment_fakes import FakeUnitOfWork, with_selection

TODAY = datetime.now(UTC).date()
APPLICANT = Actor("applicant-1", Role.APPLICANT)


def a_call(target: int = 2) -> Call:
    return Call(
        call_id=uuid4(),
        track=Track.TVET,
        target=target,
        courses_or_specialties=("ICT", "Energy"),
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=30),
        eligibility=EligibilityRules(),
    )


async def submitted(uow: FakeUnitOfWork, call: Call, who: Actor = APPLICANT) -> UUID:
    view = await applications.submit_application(uow, who, call.call_id, profile(), TODAY)
    return view.application_id


async def test_a_submission_is_screened_and_records_both_events() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)

    application_id = await submitted(uow, call)

    assert [type(event) for event in uow.published] == [ApplicationSubmitted, ApplicationScreened]
    assert uow.applications.applications[application_id].status is ApplicationStatus.ELIGIBLE


@pytest.mark.parametrize(
    ("today", "courses", "refusal"),
    [
        (TODAY + timedelta(days=31), ["ICT"], CallNotOpen),
        (TODAY, ["Plumbing"], InvalidInputError),
    ],
)
async def test_a_submission_outside_the_window_or_courses_is_refused(
    today: date, courses: list[str], refusal: type[Exception]
) -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    changed = profile().model_copy(update={"courses_or_specialties": courses})

    with pytest.raises(refusal):
        await applications.submit_application(uow, APPLICANT, call.call_id, changed, today)
    assert uow.published == []


async def test_an_officer_accepts_an_eligible_applicant_once() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await submitted(uow, call)

    view = await applications.accept_applicant(uow, OFFICER, application_id)
    with pytest.raises(AlreadyDone):
        await applications.accept_applicant(uow, OFFICER, application_id)

    assert view.status is ApplicationStatus.ACCEPTED
    assert sum(isinstance(event, ApplicantAccepted) for event in uow.published) == 1
    assert uow.audit_trail == [(OFFICER.subject, "accept", application_id)]


async def test_direct_acceptance_stops_at_the_target_and_after_a_selection() -> None:
    call = a_call(target=1)
    uow = FakeUnitOfWork(call)
    first = await submitted(uow, call)
    second = await submitted(uow, call, Actor("applicant-2", Role.APPLICANT))
    await applications.accept_applicant(uow, OFFICER, first)

    with pytest.raises(TargetReached):
        await applications.accept_applicant(uow, OFFICER, second)
    with_selection(uow, call.call_id)
    with pytest.raises(StateConflict, match="confirmed selection"):
        await applications.accept_applicant(uow, OFFICER, second)


async def test_an_erased_application_is_closed_to_officers() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await submitted(uow, call)
    uow.applications.applications[application_id].erased_at = datetime.now(UTC)
    decision = ScreeningOverride(eligible=False, justification="qualifications not verifiable")

    with pytest.raises(ApplicationErased):
        await applications.accept_applicant(uow, OFFICER, application_id)
    with pytest.raises(ApplicationErased):
        await applications.override_screening(uow, OFFICER, application_id, decision)


async def test_an_override_is_recorded_once_and_rescreens() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await submitted(uow, call)
    decision = ScreeningOverride(eligible=False, justification="degree not recognised in Rwanda")

    view = await applications.override_screening(uow, OFFICER, application_id, decision)
    with pytest.raises(AlreadyDone):
        await applications.override_screening(uow, OFFICER, application_id, decision)

    assert view.status is ApplicationStatus.INELIGIBLE
    screened = [event for event in uow.published if isinstance(event, ApplicationScreened)]
    assert [event.overridden for event in screened] == [False, True]


async def test_withdrawing_a_held_place_passes_it_on_and_others_cannot_withdraw() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await submitted(uow, call)
    await applications.accept_applicant(uow, OFFICER, application_id)

    with pytest.raises(NotFoundError):
        await applications.withdraw_application(
            uow, Actor("applicant-2", Role.APPLICANT), application_id
        )
    await applications.withdraw_application(uow, APPLICANT, application_id)
    with pytest.raises(AlreadyDone):
        await applications.withdraw_application(uow, APPLICANT, application_id)

    withdrew = [event for event in uow.published if isinstance(event, ApplicantWithdrew)]
    assert [(event.was_accepted, event.sex) for event in withdrew] == [(True, Sex.FEMALE)]
    assert uow.places_passed_on == [application_id]


async def test_an_update_rescreens_until_the_call_closes() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await submitted(uow, call)
    junior = profile().model_copy(update={"years_of_experience": 1})

    view = await applications.update_application(uow, APPLICANT, application_id, junior, TODAY)
    assert view.status is ApplicationStatus.INELIGIBLE
    with pytest.raises(CallNotOpen):
        await applications.update_application(
            uow, APPLICANT, application_id, profile(), TODAY + timedelta(days=40)
        )


async def offered(uow: FakeUnitOfWork, call: Call, valid_for: timedelta) -> UUID:
    application_id = await submitted(uow, call)
    application = uow.applications.applications[application_id]
    made_at = datetime.now(UTC)
    application.status = ApplicationStatus.OFFERED
    application.offer = Offer(made_at=made_at, deadline=made_at + valid_for)
    return application_id


async def test_a_declined_offer_passes_the_place_on_and_cannot_be_answered_again() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await offered(uow, call, timedelta(hours=2))
    at = datetime.now(UTC)

    view = await applications.answer_offer(uow, APPLICANT, application_id, False, at)
    with pytest.raises(AlreadyDone):
        await applications.answer_offer(uow, APPLICANT, application_id, True, at)

    assert view.status is ApplicationStatus.DECLINED
    assert view.offer is not None and view.offer.answered_at == at
    assert sum(isinstance(event, OfferDeclined) for event in uow.published) == 1
    assert uow.places_passed_on == [application_id]


async def test_an_offer_past_its_deadline_cannot_be_accepted() -> None:
    call = a_call()
    uow = FakeUnitOfWork(call)
    application_id = await offered(uow, call, timedelta(hours=2))
    late = datetime.now(UTC) + timedelta(hours=3)

    with pytest.raises(StateConflict, match="lapsed"):
        await applications.answer_offer(uow, APPLICANT, application_id, True, late)
    assert not any(isinstance(event, ApplicantAccepted) for event in uow.published)
