"""Commands repeated at the same moment on PostgreSQL: exactly one takes effect and records
its event; the others are refused with a conflict. Each request runs in its own unit of work
(its own connection), as concurrent HTTP requests do."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import text

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    IntegrationEvent,
    OfferExpired,
    OfferMade,
    SelectionConfirmed,
)
from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.unit_of_work import UnitOfWork
from recruitment.domain.errors import ConflictError
from recruitment.domain.model import ScreeningOverride
from recruitment.domain.personal_data import ErasureReceipt
from recruitment.service_layer import applications, offers, personal_data, reviews, selection_rounds
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..runtimes import OFFICER, open_call, recruitment_runtime, running
from .test_reviews_and_offers import REVIEWERS, apply, review, scores

Command = Callable[[UnitOfWork], Awaitable[object]]
HOURS = 24


@pytest.fixture
async def runtime(
    kafka: str, topic_prefix: str, postgres_url: str
) -> AsyncIterator[ServiceRuntime]:
    async with running(recruitment_runtime(kafka, topic_prefix, postgres_url)) as started:
        yield started


async def at_once(runtime: ServiceRuntime, times: int, command: Command) -> list[object]:
    async def one() -> object:
        async with runtime.unit_of_work() as uow:
            return await command(uow)

    return await asyncio.gather(*(one() for _ in range(times)), return_exceptions=True)


def assert_exactly_one_took_effect(outcomes: list[object]) -> None:
    refused = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert len(outcomes) - len(refused) == 1, outcomes
    assert all(isinstance(error, ConflictError) for error in refused), refused


async def recorded(runtime: ServiceRuntime, event: type[IntegrationEvent]) -> int:
    query = text("SELECT count(*) FROM outbox_messages WHERE event_type = :type")
    async with runtime.database.engine.connect() as connection:
        count: int = (await connection.execute(query, {"type": event.event_type})).scalar_one()
    return count


async def selected_and_waiting(runtime: ServiceRuntime) -> tuple[UUID, UUID, datetime]:
    """A call with one place: the first applicant is offered it, the second waits."""
    call_id = await open_call(runtime, target=1)
    first = await apply(runtime, 0, Sex.FEMALE, call_id)
    second = await apply(runtime, 1, Sex.FEMALE, call_id)
    await review(runtime, first, 5, 5)
    await review(runtime, second, 4, 4)
    at = datetime.now(UTC)
    async with runtime.unit_of_work() as uow:
        await selection_rounds.confirm_selection(
            SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, HOURS, at
        )
    return first, second, at


async def test_five_officers_accepting_one_applicant_accept_once(runtime: ServiceRuntime) -> None:
    call_id = await open_call(runtime)
    application_id = await apply(runtime, 0, Sex.MALE, call_id)
    officers = iter(Actor(f"officer-{i}", Role.IOM_OFFICER) for i in range(5))

    outcomes = await at_once(
        runtime,
        5,
        lambda uow: applications.accept_applicant(
            SqlRecruitmentUnitOfWork(uow), next(officers), application_id
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, ApplicantAccepted) == 1


async def test_ten_answers_to_one_offer_accept_once(runtime: ServiceRuntime) -> None:
    first, _second, at = await selected_and_waiting(runtime)
    applicant = Actor("applicant-0", Role.APPLICANT)

    outcomes = await at_once(
        runtime,
        10,
        lambda uow: applications.answer_offer(
            SqlRecruitmentUnitOfWork(uow), applicant, first, True, at
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, ApplicantAccepted) == 1


async def test_ten_withdrawals_withdraw_once_and_pass_the_place_on_once(
    runtime: ServiceRuntime,
) -> None:
    first, _second, _at = await selected_and_waiting(runtime)
    applicant = Actor("applicant-0", Role.APPLICANT)

    outcomes = await at_once(
        runtime,
        10,
        lambda uow: applications.withdraw_application(
            SqlRecruitmentUnitOfWork(uow), applicant, first
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, ApplicantWithdrew) == 1
    assert await recorded(runtime, OfferMade) == 2  # the first offer and the one passed on


async def test_concurrent_lapse_passes_expire_each_offer_once(runtime: ServiceRuntime) -> None:
    _first, _second, at = await selected_and_waiting(runtime)
    later = at + timedelta(hours=HOURS + 1)

    lapsed = await at_once(
        runtime, 5, lambda uow: offers.expire_offers(SqlRecruitmentUnitOfWork(uow), OFFICER, later)
    )

    assert (lapsed.count(1), lapsed.count(0)) == (1, 4), lapsed
    assert await recorded(runtime, OfferExpired) == 1
    assert await recorded(runtime, OfferMade) == 2


async def test_assigning_one_reviewer_five_times_at_once_assigns_once(
    runtime: ServiceRuntime,
) -> None:
    application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
    subject = REVIEWERS[0].subject

    outcomes = await at_once(
        runtime,
        5,
        lambda uow: reviews.assign_reviewer(
            SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, subject
        ),
    )

    assert_exactly_one_took_effect(outcomes)


async def test_the_last_two_reviews_submitted_at_once_complete_the_set_once(
    runtime: ServiceRuntime,
) -> None:
    application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
    for reviewer in REVIEWERS[:2]:
        async with runtime.unit_of_work() as uow:
            await reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
            )
    reviewers = iter(REVIEWERS[:2])

    outcomes = await at_once(
        runtime,
        2,
        lambda uow: reviews.submit_review(
            SqlRecruitmentUnitOfWork(uow), next(reviewers), application_id, scores(4)
        ),
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert await recorded(runtime, ApplicationReviewed) == 1


async def test_one_review_submitted_five_times_at_once_counts_once(
    runtime: ServiceRuntime,
) -> None:
    application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
    for reviewer in REVIEWERS[:2]:
        async with runtime.unit_of_work() as uow:
            await reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
            )
    async with runtime.unit_of_work() as uow:
        await reviews.submit_review(
            SqlRecruitmentUnitOfWork(uow), REVIEWERS[0], application_id, scores(4)
        )

    outcomes = await at_once(
        runtime,
        5,
        lambda uow: reviews.submit_review(
            SqlRecruitmentUnitOfWork(uow), REVIEWERS[1], application_id, scores(3)
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, ApplicationReviewed) == 1


async def test_confirming_a_selection_five_times_at_once_confirms_once(
    runtime: ServiceRuntime,
) -> None:
    call_id = await open_call(runtime, target=1)
    for index in range(2):
        await review(runtime, await apply(runtime, index, Sex.FEMALE, call_id), 4, 4)
    at = datetime.now(UTC)

    outcomes = await at_once(
        runtime,
        5,
        lambda uow: selection_rounds.confirm_selection(
            SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, HOURS, at
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, SelectionConfirmed) == 1
    assert await recorded(runtime, OfferMade) == 1


async def test_erasing_a_person_five_times_at_once_erases_once(runtime: ServiceRuntime) -> None:
    call_id = await open_call(runtime)
    await apply(runtime, 0, Sex.FEMALE, call_id)
    applicant = Actor("applicant-0", Role.APPLICANT)

    receipts = await at_once(
        runtime, 5, lambda uow: personal_data.erase_personal_data(uow, applicant, "applicant-0")
    )

    assert all(isinstance(receipt, ErasureReceipt) for receipt in receipts), receipts
    erasing = [r for r in receipts if isinstance(r, ErasureReceipt) and r.applications]
    assert len(erasing) == 1
    assert await recorded(runtime, ApplicantDataErased) == 1


async def test_one_override_sent_five_times_at_once_is_recorded_once(
    runtime: ServiceRuntime,
) -> None:
    application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
    decision = ScreeningOverride(eligible=False, justification="degree not recognised in Rwanda")

    outcomes = await at_once(
        runtime,
        5,
        lambda uow: applications.override_screening(
            SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, decision
        ),
    )

    assert_exactly_one_took_effect(outcomes)
    assert await recorded(runtime, ApplicationScreened) == 2  # at submission, then the override
