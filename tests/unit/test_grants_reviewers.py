"""Assigned reviewers of pilot-project applications: only an assigned reviewer scores, once; a
reviewer who declares a conflict cannot score and another is assigned; a contact person of the
project is never a reviewer of it; the score is the exact weighted mean of the submitted ones."""

from datetime import date
from uuid import UUID

import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from grants.domain import errors
from grants.domain.requests import GrantApplicationSpec, ReviewerIn, ReviewIn, ScreeningIn
from grants.service_layer import applications

from .grants_fakes import OFFICER_A, REVIEWER, FakeGrantsUnitOfWork, call_spec, pilot, rwf

TODAY = date(2026, 2, 1)
SECOND = Actor(subject="reviewer-2", role=Role.REVIEWER)
CONTACT = Actor(subject="amina@pp-60.example", role=Role.REVIEWER)
SCORES = ReviewIn.model_validate({"scores": {"impact": 4, "feasibility": 3}})


async def screened_in(uow: FakeGrantsUnitOfWork) -> UUID:
    call_id = (await applications.open_call(uow, call_spec())).call_id
    spec = GrantApplicationSpec.model_validate(
        {"sector": "ict", "budget": [{"item": "kit", "amount": rwf(1_000_000)}]}
    )
    view = await applications.submit_application(uow, pilot("PP-60"), call_id, spec, TODAY)
    await applications.screen(uow, view.application_id, ScreeningIn(), TODAY)
    return view.application_id


async def assign(uow: FakeGrantsUnitOfWork, grant_id: UUID, reviewer: Actor) -> None:
    given = ReviewerIn(reviewer=reviewer.subject)
    await applications.assign_reviewer(uow, OFFICER_A, grant_id, given, TODAY)


async def test_only_an_assigned_reviewer_scores_and_only_once() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await screened_in(uow)
    with pytest.raises(errors.NotFoundError, match="not assigned"):
        await applications.review(uow, REVIEWER, grant_id, SCORES, TODAY)
    await assign(uow, grant_id, REVIEWER)
    view = await applications.review(uow, REVIEWER, grant_id, SCORES, TODAY)
    with pytest.raises(errors.ConflictError, match="already submitted"):
        await applications.review(uow, REVIEWER, grant_id, SCORES, TODAY)
    with pytest.raises(errors.ConflictError, match="already assigned"):
        await assign(uow, grant_id, REVIEWER)
    assert (view.reviewers_assigned, view.reviews_submitted, view.score) == (1, 1, 3.6)


async def test_a_conflicted_reviewer_is_replaced_and_does_not_count() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await screened_in(uow)
    await assign(uow, grant_id, REVIEWER)
    conflict = ReviewIn(conflict_of_interest="I advised this project last year")
    await applications.review(uow, REVIEWER, grant_id, conflict, TODAY)
    with pytest.raises(errors.ConflictError, match="conflict of interest"):
        await applications.review(uow, REVIEWER, grant_id, SCORES, TODAY)
    with pytest.raises(errors.ConflictError, match="at least one review"):
        await applications.decide(uow, grant_id, True, TODAY)

    await assign(uow, grant_id, SECOND)
    top = ReviewIn.model_validate({"scores": {"impact": 5, "feasibility": 5}})
    view = await applications.review(uow, SECOND, grant_id, top, TODAY)
    assert (view.conflicts_declared, view.reviews_submitted, view.score) == (1, 1, 5.0)
    assert (await applications.decide(uow, grant_id, True, TODAY)).status == "approved"


async def test_a_contact_person_of_the_project_is_never_its_reviewer() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await screened_in(uow)
    uow.grants.contact_emails["PP-60"] = {CONTACT.subject}
    with pytest.raises(errors.ReviewerIsContact):
        await assign(uow, grant_id, CONTACT)


async def test_a_reviewer_who_became_a_contact_person_cannot_score() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await screened_in(uow)
    await assign(uow, grant_id, CONTACT)
    uow.grants.contact_emails["PP-60"] = {CONTACT.subject}
    with pytest.raises(errors.ReviewerIsContact):
        await applications.review(uow, CONTACT, grant_id, SCORES, TODAY)
    view = await applications.get_grant(uow, OFFICER_A, grant_id, TODAY)
    assert (view.reviews_submitted, view.score) == (0, None)


async def test_the_score_is_the_exact_mean_of_the_weighted_reviews() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await screened_in(uow)
    await assign(uow, grant_id, REVIEWER)
    await assign(uow, grant_id, SECOND)
    await applications.review(uow, REVIEWER, grant_id, SCORES, TODAY)
    low = ReviewIn.model_validate({"scores": {"impact": 1, "feasibility": 2}})
    view = await applications.review(uow, SECOND, grant_id, low, TODAY)
    assert view.score == 2.5  # (3.6 + 1.4) / 2
