"""Grants' use cases on the fake unit of work: the lifecycle from call to disbursement, and
each refusal leaving nothing changed."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from diaspora_shared.contracts.events import GrantAwarded, GrantDisbursed, TrancheApproved
from grants.domain import errors
from grants.domain.requests import (
    AwardIn,
    ConditionMetIn,
    DisbursementIn,
    GrantApplicationSpec,
    ReviewerIn,
    ReviewIn,
    ScreeningIn,
)
from grants.service_layer import applications, tranches

from .grants_fakes import (
    OFFICER_A,
    OFFICER_B,
    REVIEWER,
    FakeGrantsUnitOfWork,
    call_spec,
    pilot,
    rwf,
)

TODAY = date(2026, 2, 1)
ASSIGN = ReviewerIn(reviewer=REVIEWER.subject)


def budget(*amounts: int) -> GrantApplicationSpec:
    lines = [{"item": f"item {i}", "amount": rwf(a)} for i, a in enumerate(amounts)]
    return GrantApplicationSpec.model_validate({"sector": "ict", "budget": lines})


def terms(*tranche_amounts: int, award: int | None = None) -> AwardIn:
    return AwardIn.model_validate(
        {
            "amount": rwf(award if award is not None else sum(tranche_amounts)),
            "signed_on": "2026-04-01",
            "tranches": [
                {"amount": rwf(a), "due_on": f"2026-{5 + i:02d}-01", "conditions": ["report"]}
                for i, a in enumerate(tranche_amounts)
            ],
        }
    )


async def approved_application(
    uow: FakeGrantsUnitOfWork, project: str = "PP-01", call_id: UUID | None = None
) -> UUID:
    if call_id is None:
        call_id = (await applications.open_call(uow, call_spec())).call_id
    view = await applications.submit_application(
        uow, pilot(project), call_id, budget(10_000_000, 5_000_000), TODAY
    )
    await applications.screen(uow, view.application_id, ScreeningIn(), TODAY)
    await applications.assign_reviewer(uow, OFFICER_A, view.application_id, ASSIGN, TODAY)
    scores = ReviewIn.model_validate({"scores": {"impact": 4, "feasibility": 3}})
    await applications.review(uow, REVIEWER, view.application_id, scores, TODAY)
    await applications.decide(uow, view.application_id, True, TODAY)
    return view.application_id


async def awarded_grant(uow: FakeGrantsUnitOfWork, *amounts: int) -> UUID:
    grant_id = await approved_application(uow)
    await applications.award(uow, grant_id, terms(*amounts), TODAY)
    return grant_id


async def approved_tranche(uow: FakeGrantsUnitOfWork, grant_id: UUID, number: int = 1) -> None:
    met = ConditionMetIn(condition="report", evidence="progress report of March received")
    await tranches.meet_condition(uow, grant_id, number, met, TODAY)
    await tranches.request_release(uow, OFFICER_A, grant_id, number, TODAY)
    await tranches.approve_release(uow, OFFICER_B, grant_id, number, TODAY)


def payment(reference: str, on: str = "2026-04-15") -> DisbursementIn:
    return DisbursementIn.model_validate({"payment_reference": reference, "disbursed_on": on})


async def test_the_weighted_score_is_exact_and_conflicted_reviewers_do_not_count() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await approved_application(uow)
    view = await applications.get_grant(uow, OFFICER_A, grant_id, TODAY)
    assert view.score == 3.6  # 4 * 0.6 + 3 * 0.4


async def test_a_conflicted_reviewer_cannot_score_afterwards() -> None:
    uow = FakeGrantsUnitOfWork()
    call_id = (await applications.open_call(uow, call_spec())).call_id
    view = await applications.submit_application(uow, pilot("PP-02"), call_id, budget(1), TODAY)
    await applications.screen(uow, view.application_id, ScreeningIn(), TODAY)
    await applications.assign_reviewer(uow, OFFICER_A, view.application_id, ASSIGN, TODAY)
    conflict = ReviewIn.model_validate({"conflict_of_interest": "I advise this project"})
    await applications.review(uow, REVIEWER, view.application_id, conflict, TODAY)
    scores = ReviewIn.model_validate({"scores": {"impact": 5, "feasibility": 5}})
    with pytest.raises(errors.ConflictError):
        await applications.review(uow, REVIEWER, view.application_id, scores, TODAY)
    with pytest.raises(errors.ConflictError, match="at least one review"):
        await applications.decide(uow, view.application_id, True, TODAY)


async def test_award_then_a_tranche_released_by_two_officers_is_paid_once() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 6_000_000, 4_000_000)
    await approved_tranche(uow, grant_id)
    view = await tranches.disburse(uow, grant_id, 1, payment("PAY-0001"), TODAY)
    again = await tranches.disburse(uow, grant_id, 1, payment("PAY-0001"), TODAY)

    assert view.disbursed == again.disbursed
    assert view.disbursed is not None and view.disbursed.minor_units == 6_000_000
    kinds = [type(event) for event in uow.published]
    assert kinds.count(GrantAwarded) == 1
    assert kinds.count(TrancheApproved) == 1
    assert kinds.count(GrantDisbursed) == 1


async def test_a_paid_tranche_after_its_due_date_is_flagged_late() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    await approved_tranche(uow, grant_id)
    view = await tranches.disburse(uow, grant_id, 1, payment("PAY-LATE", "2026-06-02"), TODAY)
    assert view.tranches[0].late
    disbursed = [e for e in uow.published if isinstance(e, GrantDisbursed)]
    assert disbursed[0].late


async def test_the_requester_cannot_approve_their_own_request() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    met = ConditionMetIn(condition="report", evidence="received")
    await tranches.meet_condition(uow, grant_id, 1, met, TODAY)
    await tranches.request_release(uow, OFFICER_A, grant_id, 1, TODAY)
    with pytest.raises(errors.FourEyesViolated):
        await tranches.approve_release(uow, OFFICER_A, grant_id, 1, TODAY)
    with pytest.raises(errors.NotApproved):
        await tranches.disburse(uow, grant_id, 1, payment("PAY-0002"), TODAY)
    assert not any(isinstance(e, (TrancheApproved, GrantDisbursed)) for e in uow.published)


async def test_release_needs_every_condition_met() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    with pytest.raises(errors.ConflictError, match="conditions not met"):
        await tranches.request_release(uow, OFFICER_A, grant_id, 1, TODAY)


async def test_a_payment_reference_is_not_reused_for_another_tranche() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000, 2_000_000)
    await approved_tranche(uow, grant_id, 1)
    await approved_tranche(uow, grant_id, 2)
    await tranches.disburse(uow, grant_id, 1, payment("PAY-0003"), TODAY)
    with pytest.raises(errors.PaymentReferenceReused):
        await tranches.disburse(uow, grant_id, 2, payment("PAY-0003"), TODAY)
    with pytest.raises(errors.AlreadyDisbursed):
        await tranches.disburse(uow, grant_id, 1, payment("PAY-0004"), TODAY)
    view = await applications.get_grant(uow, OFFICER_A, grant_id, TODAY)
    assert view.disbursed is not None and view.disbursed.minor_units == 1_000_000


async def test_tranches_must_sum_to_the_award_and_awards_stay_within_the_envelope() -> None:
    uow = FakeGrantsUnitOfWork()
    call_id = (await applications.open_call(uow, call_spec(40_000_000, 30_000_000))).call_id
    first = await approved_application(uow, "PP-10", call_id)
    second = await approved_application(uow, "PP-11", call_id)
    with pytest.raises(errors.InvalidInputError, match="sum to the award"):
        await applications.award(uow, first, terms(1_000_000, award=2_000_000), TODAY)
    await applications.award(uow, first, terms(25_000_000), TODAY)
    with pytest.raises(errors.EnvelopeExceeded):
        await applications.award(uow, second, terms(20_000_000), TODAY)
    assert (await uow.calls.get(call_id)).awarded.minor_units == 25_000_000


async def test_a_pilot_project_sees_its_own_application_only() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await approved_application(uow, "PP-20")
    own = await applications.get_grant(uow, pilot("PP-20"), grant_id, TODAY)
    assert own.project_code == "PP-20"
    with pytest.raises(errors.NotFoundError):
        await applications.get_grant(uow, pilot("PP-21"), grant_id, TODAY)
    with pytest.raises(errors.NotFoundError):
        await applications.get_grant(uow, OFFICER_A, uuid4(), TODAY)


async def test_a_tranche_in_another_currency_is_refused() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await approved_application(uow)
    mixed = terms(1_000_000).model_dump(mode="json")
    mixed["tranches"][0]["amount"]["currency"] = "EUR"
    with pytest.raises(errors.InvalidInputError, match="every tranche"):
        await applications.award(uow, grant_id, AwardIn.model_validate(mixed), TODAY)
    assert (await uow.grants.get(grant_id)).award is None
