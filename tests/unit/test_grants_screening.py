"""Rule-based screening of pilot-project applications against the call's declared rules: every
failed rule is listed, an officer overrides only with a reason, and an ineligible application is
neither reviewed nor awarded."""

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from grants.domain import errors
from grants.domain.grant import Status
from grants.domain.requests import (
    AwardIn,
    DecisionIn,
    GrantApplicationSpec,
    GrantCallSpec,
    ReviewIn,
    ScreeningIn,
)
from grants.service_layer import applications

from .grants_fakes import OFFICER_A, REVIEWER, FakeGrantsUnitOfWork, call_spec, pilot, rwf

TODAY = date(2026, 2, 1)
STRICT_RULES = {
    "linked_iprc_required": True,
    "required_documents": ["business plan", "iprc letter"],
    "required_fields": ["summary", "requested"],
}


def strict_call() -> GrantCallSpec:
    spec = call_spec(ceiling=30_000_000).model_dump(mode="json")
    return GrantCallSpec.model_validate({**spec, "rules": STRICT_RULES})


def application(**overrides: Any) -> GrantApplicationSpec:
    complete = {
        "sector": "ict",
        "budget": [{"item": "laptops", "amount": rwf(8_000_000)}],
        "iprc": "IPRC-KGL",
        "requested": rwf(8_000_000),
        "summary": "A repair workshop for school laptops",
        "documents": ["business plan", "iprc letter"],
    }
    return GrantApplicationSpec.model_validate({**complete, **overrides})


async def submitted(uow: FakeGrantsUnitOfWork, spec: GrantApplicationSpec, on: date) -> UUID:
    call_id = (await applications.open_call(uow, strict_call())).call_id
    view = await applications.submit_application(uow, pilot("PP-40"), call_id, spec, on)
    return view.application_id


async def test_a_complete_application_passes_every_rule() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await submitted(uow, application(), TODAY)
    view = await applications.screen(uow, grant_id, ScreeningIn(), TODAY)
    assert view.eligible is True and view.status == Status.SCREENED_IN
    assert [outcome.rule for outcome in view.screening] == [
        "sector_in_call",
        "linked_iprc_valid",
        "budget_within_ceiling",
        "budget_lines_sum_to_request",
        "submitted_in_window",
        "required_documents_present",
        "required_fields_present",
    ]
    assert all(outcome.passed for outcome in view.screening)


async def test_every_failed_rule_is_listed() -> None:
    uow = FakeGrantsUnitOfWork()
    faulty = application(
        sector="mechanical_engineering",
        budget=[
            {"item": "lathe", "amount": rwf(25_000_000)},
            {"item": "van", "amount": rwf(6_000_000)},
        ],
        iprc="IPRC-HUYE",
        requested=rwf(20_000_000),
        summary=None,
        documents=["business plan"],
    )
    grant_id = await submitted(uow, faulty, date(2026, 4, 1))
    view = await applications.screen(uow, grant_id, ScreeningIn(), TODAY)
    failed = {outcome.rule for outcome in view.screening if not outcome.passed}
    assert failed == {
        "sector_in_call",
        "linked_iprc_valid",
        "budget_within_ceiling",
        "budget_lines_sum_to_request",
        "submitted_in_window",
        "required_documents_present",
        "required_fields_present",
    }
    assert view.status == Status.REJECTED and view.eligible is False


async def test_an_ineligible_application_is_neither_reviewed_decided_nor_awarded() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await submitted(uow, application(documents=[]), TODAY)
    await applications.screen(uow, grant_id, ScreeningIn(), TODAY)
    scores = ReviewIn.model_validate({"scores": {"impact": 5, "feasibility": 5}})
    with pytest.raises(errors.Ineligible, match="required_documents_present"):
        await applications.review(uow, REVIEWER, grant_id, scores, TODAY)
    with pytest.raises(errors.Ineligible, match="required_documents_present"):
        await applications.decide(uow, grant_id, DecisionIn(approve=True).approve, TODAY)
    award = AwardIn.model_validate(
        {
            "amount": rwf(8_000_000),
            "signed_on": "2026-04-01",
            "tranches": [{"amount": rwf(8_000_000), "due_on": "2026-05-01", "conditions": []}],
        }
    )
    with pytest.raises(errors.Ineligible):
        await applications.award(uow, grant_id, award, TODAY)
    call = (await applications.list_calls(uow))[0]
    assert call.awarded.minor_units == 0


async def test_an_officer_overrides_the_rules_only_with_a_reason() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await submitted(uow, application(documents=["business plan"]), TODAY)
    with pytest.raises(errors.InvalidInputError, match="reason"):
        await applications.screen(uow, grant_id, ScreeningIn(eligible=True), TODAY)
    assert (await applications.get_grant(uow, OFFICER_A, grant_id, TODAY)).eligible is None

    reason = "the IPRC letter was delivered on paper to the Kigali office"
    view = await applications.screen(
        uow, grant_id, ScreeningIn(eligible=True, reason=reason), TODAY
    )
    assert view.eligible is True and view.screening_override == reason
    assert not all(outcome.passed for outcome in view.screening)


async def test_an_officer_screens_out_an_application_the_rules_pass() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await submitted(uow, application(), TODAY)
    reason = "the same equipment is already funded by another donor"
    view = await applications.screen(
        uow, grant_id, ScreeningIn(eligible=False, reason=reason), TODAY
    )
    assert view.status == Status.REJECTED and view.screening_override == reason
    with pytest.raises(errors.Ineligible, match="officer"):
        await applications.review(
            uow, REVIEWER, grant_id, ReviewIn(conflict_of_interest="none really"), TODAY
        )
