"""Recruitment at its edges: exact ties, places passed over erased or withdrawn applicants,
commands on erased applications, exports without staff identities, independent reviewers."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from uuid import UUID

import pytest

from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.unit_of_work import UnitOfWork
from recruitment.domain.errors import ApplicationErased, ReviewerNotIndependent
from recruitment.domain.model import ApplicationStatus, Criterion, ReviewPolicy, ScreeningOverride
from recruitment.domain.review import ReviewScores
from recruitment.domain.review_views import ConflictDeclaration
from recruitment.domain.selection import Outcome
from recruitment.service_layer import (
    applications,
    calls,
    personal_data,
    reviews,
    selection_rounds,
)
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..runtimes import OFFICER, call_spec, open_call, recruitment_runtime, running
from .test_reviews_and_offers import REVIEWERS, apply, review

THIRDS = ReviewPolicy(criteria=[Criterion(name=name, weight=1) for name in ("a", "b", "c")])


def applicant(index: int) -> Actor:
    return Actor(subject=f"applicant-{index}", role=Role.APPLICANT)


async def score(
    runtime: ServiceRuntime, application_id: UUID, *by_reviewer: tuple[int, int, int]
) -> None:
    for reviewer, values in zip(REVIEWERS, by_reviewer, strict=False):
        async with runtime.unit_of_work() as uow:
            await reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
            )
        async with runtime.unit_of_work() as uow:
            review_scores = ReviewScores(scores=dict(zip("abc", values, strict=True)))
            await reviews.submit_review(
                SqlRecruitmentUnitOfWork(uow), reviewer, application_id, review_scores
            )


async def status_of(runtime: ServiceRuntime, application_id: UUID) -> ApplicationStatus:
    async with runtime.database.session() as session:
        view = await applications.get_application(session, OFFICER, application_id)
    return view.status


async def test_equal_exact_scores_are_ranked_by_submission_not_by_rounding(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        spec = call_spec(target=1).model_copy(update={"review": THIRDS})
        async with runtime.unit_of_work() as uow:
            call_id = (await calls.open_call(uow, OFFICER, spec)).call_id
        earlier = await apply(runtime, 0, Sex.FEMALE, call_id)
        later = await apply(runtime, 1, Sex.FEMALE, call_id)
        # Both 10/3 exactly: (10/3 + 10/3) / 2 and (3 + 11/3) / 2. Rounded per reviewer, the
        # second came out 3.3334 against 3.3333 and took the place.
        await score(runtime, earlier, (3, 3, 4), (3, 4, 3))
        await score(runtime, later, (3, 3, 3), (4, 4, 3))
        async with runtime.database.session() as session:
            proposal = await selection_rounds.selection_proposal(session, OFFICER, call_id)

    assert [p.application_id for p in proposal.placements] == [str(earlier), str(later)]
    assert proposal.placements[0].outcome is Outcome.SELECTED


@pytest.mark.parametrize("leaves", ["erases their data", "withdraws"])
async def test_a_place_passes_over_waiting_applicants_who_left(
    kafka: str, topic_prefix: str, database_url: str, leaves: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime, target=1)
        ids = [await apply(runtime, index, Sex.FEMALE, call_id) for index in range(3)]
        for application_id, value in zip(ids, (5, 4, 3), strict=True):
            await review(runtime, application_id, value, value)
        at = datetime.now(UTC)
        async with runtime.unit_of_work() as uow:
            await selection_rounds.confirm_selection(
                SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, 48, at
            )
        async with runtime.unit_of_work() as uow:
            if leaves == "withdraws":
                await applications.withdraw_application(
                    SqlRecruitmentUnitOfWork(uow), applicant(1), ids[1]
                )
            else:
                await personal_data.erase_personal_data(uow, applicant(1), "applicant-1")

        async with runtime.unit_of_work() as uow:
            await applications.answer_offer(
                SqlRecruitmentUnitOfWork(uow), applicant(0), ids[0], False, at
            )

        assert await status_of(runtime, ids[2]) is ApplicationStatus.OFFERED
        assert await status_of(runtime, ids[1]) is not ApplicationStatus.OFFERED
        async with runtime.database.session() as session:
            proposal = await selection_rounds.selection_proposal(session, OFFICER, call_id)
    skipped = next(p for p in proposal.placements if p.application_id == str(ids[1]))
    assert skipped.outcome is Outcome.NOT_SELECTED
    assert ("erased" if leaves != "withdraws" else "withdrew") in skipped.reason
    assert "replaces" in proposal.placements[2].reason


async def test_erasing_an_applicant_with_an_open_offer_passes_the_place_on_at_once(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime, target=1)
        ids = [await apply(runtime, index, Sex.FEMALE, call_id) for index in range(2)]
        for application_id, value in zip(ids, (5, 4), strict=True):
            await review(runtime, application_id, value, value)
        async with runtime.unit_of_work() as uow:
            await selection_rounds.confirm_selection(
                SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, 48, datetime.now(UTC)
            )
        assert await status_of(runtime, ids[0]) is ApplicationStatus.OFFERED

        async with runtime.unit_of_work() as uow:
            await personal_data.erase_personal_data(uow, applicant(0), "applicant-0")

        assert await status_of(runtime, ids[0]) is ApplicationStatus.WITHDRAWN
        assert await status_of(runtime, ids[1]) is ApplicationStatus.OFFERED
        async with runtime.database.session() as session:
            view = await applications.get_application(session, OFFICER, ids[0])
        # What stays of the erased application is anonymised, the withdrawal included.
        assert view.profile.contact.email != "person0@example.org"
        assert view.offer is not None and view.offer.status == "withdrawn"


async def test_commands_on_an_erased_application_are_refused_with_a_code(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
        for reviewer in REVIEWERS[:2]:
            async with runtime.unit_of_work() as uow:
                await reviews.assign_reviewer(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
                )
        async with runtime.unit_of_work() as uow:
            await personal_data.erase_personal_data(uow, applicant(0), "applicant-0")

        refused: list[Callable[[UnitOfWork], Awaitable[object]]] = [
            lambda uow: reviews.submit_review(
                SqlRecruitmentUnitOfWork(uow),
                REVIEWERS[0],
                application_id,
                ReviewScores(
                    scores=dict.fromkeys(
                        ("relevant expertise", "training experience", "motivation", "languages"), 4
                    )
                ),
            ),
            lambda uow: reviews.declare_conflict(
                SqlRecruitmentUnitOfWork(uow),
                REVIEWERS[1],
                application_id,
                ConflictDeclaration(reason="a former colleague"),
            ),
            lambda uow: applications.override_screening(
                SqlRecruitmentUnitOfWork(uow),
                OFFICER,
                application_id,
                ScreeningOverride(eligible=False, justification="qualifications not verifiable"),
            ),
            lambda uow: applications.accept_applicant(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id
            ),
            lambda uow: reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, "reviewer-9"
            ),
        ]
        for command in refused:
            with pytest.raises(ApplicationErased) as refusal:
                async with runtime.unit_of_work() as uow:
                    await command(uow)
            assert refusal.value.code == "application.erased"


async def test_an_applicants_export_names_no_staff(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        application_id = await apply(runtime, 0, Sex.FEMALE, await open_call(runtime))
        await review(runtime, application_id, 4, 3)
        async with runtime.database.session() as session:
            export = await personal_data.export_personal_data(session, applicant(0), "applicant-0")

    exported = export.model_dump_json()
    assert [entry.action for entry in export.audit].count("assign_reviewer") == 2
    assert len(export.reviews) == 2
    for staff in (*(reviewer.subject for reviewer in REVIEWERS), OFFICER.subject):
        assert staff not in exported


async def test_nobody_reviews_their_own_application_nor_a_call_they_applied_to(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime)
        application_id = await apply(runtime, 0, Sex.FEMALE, call_id)
        await apply(runtime, 7, Sex.MALE, call_id)
        for subject in ("applicant-0", "applicant-7"):
            with pytest.raises(ReviewerNotIndependent) as refusal:
                async with runtime.unit_of_work() as uow:
                    await reviews.assign_reviewer(
                        SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, subject
                    )
            assert refusal.value.code == "review.reviewer_not_independent"
        # Someone who applied to another call may still review this one.
        other_call = await open_call(runtime)
        await apply(runtime, 8, Sex.MALE, other_call)
        async with runtime.unit_of_work() as uow:
            await reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, "applicant-8"
            )
