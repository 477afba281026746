"""Reviews, selection and offers in recruitment, on SQLite and PostgreSQL with real Kafka."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.domain.errors import ConflictError, InvalidInputError, NotFoundError
from recruitment.domain.review import ReviewScores
from recruitment.domain.review_views import ConflictDeclaration
from recruitment.domain.selection import Outcome
from recruitment.service_layer import applications, offers, reviews, selection_rounds
from recruitment.service_layer.clock import SystemClock
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..kafka_helpers import eventually, read_records
from ..runtimes import OFFICER, open_call, profile, recruitment_runtime, running

REVIEWERS = [Actor(subject=f"reviewer-{i}", role=Role.REVIEWER) for i in range(3)]
CRITERIA = ("relevant expertise", "training experience", "motivation", "languages")


def scores(value: int) -> ReviewScores:
    return ReviewScores(scores=dict.fromkeys(CRITERIA, value))


async def apply(runtime: ServiceRuntime, index: int, sex: Sex, call_id: UUID) -> UUID:
    applicant = Actor(subject=f"applicant-{index}", role=Role.APPLICANT)
    async with runtime.unit_of_work() as uow:
        view = await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow),
            applicant,
            call_id,
            profile(sex, index=index),
            datetime.now(UTC).date(),
        )
    return view.application_id


async def review(runtime: ServiceRuntime, application_id: UUID, *values: int) -> None:
    for reviewer, value in zip(REVIEWERS, values, strict=False):
        async with runtime.unit_of_work() as uow:
            await reviews.assign_reviewer(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
            )
        async with runtime.unit_of_work() as uow:
            await reviews.submit_review(
                SqlRecruitmentUnitOfWork(uow), reviewer, application_id, scores(value)
            )


async def test_reviewers_score_only_their_assignments_and_see_others_after_their_own(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    first, second, third = REVIEWERS
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime)
        application_id = await apply(runtime, 1, Sex.FEMALE, call_id)
        for reviewer in REVIEWERS:
            async with runtime.unit_of_work() as uow:
                await reviews.assign_reviewer(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, reviewer.subject
                )
        with pytest.raises(ConflictError, match="already assigned"):
            async with runtime.unit_of_work() as uow:
                await reviews.assign_reviewer(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, application_id, first.subject
                )

        async with runtime.unit_of_work() as uow:
            await reviews.declare_conflict(
                SqlRecruitmentUnitOfWork(uow),
                third,
                application_id,
                ConflictDeclaration(reason="former colleague of hers"),
            )
        with pytest.raises(ConflictError, match="conflict of interest"):
            async with runtime.unit_of_work() as uow:
                await reviews.submit_review(
                    SqlRecruitmentUnitOfWork(uow), third, application_id, scores(5)
                )
        with pytest.raises(InvalidInputError, match="missing"):
            async with runtime.unit_of_work() as uow:
                await reviews.submit_review(
                    SqlRecruitmentUnitOfWork(uow),
                    first,
                    application_id,
                    ReviewScores(scores={"motivation": 3}),
                )
        with pytest.raises(InvalidInputError, match="between 0 and 5"):
            async with runtime.unit_of_work() as uow:
                await reviews.submit_review(
                    SqlRecruitmentUnitOfWork(uow),
                    first,
                    application_id,
                    ReviewScores(scores=dict.fromkeys(CRITERIA, 6)),
                )

        async with runtime.unit_of_work() as uow:
            await reviews.submit_review(
                SqlRecruitmentUnitOfWork(uow), first, application_id, scores(5)
            )
        async with runtime.database.session() as session:
            before = await reviews.review_summary(session, second, application_id)
            assert [r.reviewer_subject for r in before.reviews] == [second.subject]
            with pytest.raises(NotFoundError):
                outsider = Actor(subject="reviewer-x", role=Role.REVIEWER)
                await reviews.review_summary(session, outsider, application_id)
        async with runtime.unit_of_work() as uow:
            after = await reviews.submit_review(
                SqlRecruitmentUnitOfWork(uow), second, application_id, scores(2)
            )
        assert len(after.reviews) == 3
        assert after.aggregated_score == 3.5
        assert after.disagreement_flagged  # 5 against 2 is more than 1.5 apart
        records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=3)
    assert dict(records[-1].headers)["ce_type"] == b"recruitment.application.reviewed.v1"


async def test_declines_and_lapsed_offers_pass_the_place_on_keeping_the_balance(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime, target=2)  # goal 40%: one woman of two
        people = [(Sex.FEMALE, 5), (Sex.MALE, 4), (Sex.MALE, 3), (Sex.FEMALE, 2), (Sex.MALE, 1)]
        ids = []
        for index, (sex, value) in enumerate(people):
            ids.append(await apply(runtime, index, sex, call_id))
            await review(runtime, ids[-1], value, value)
        at = datetime.now(UTC)
        async with runtime.unit_of_work() as uow:
            proposal = await selection_rounds.confirm_selection(
                SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, 7 * 24, at
            )
        assert [p.outcome for p in proposal.placements] == [
            Outcome.SELECTED,
            Outcome.SELECTED,
            Outcome.WAITING_LIST,
            Outcome.WAITING_LIST,
            Outcome.WAITING_LIST,
        ]
        with pytest.raises(ConflictError, match="already confirmed"):
            async with runtime.unit_of_work() as uow:
                await selection_rounds.confirm_selection(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, 7 * 24, at
                )

        woman = Actor(subject="applicant-0", role=Role.APPLICANT)
        async with runtime.unit_of_work() as uow:
            await applications.answer_offer(SqlRecruitmentUnitOfWork(uow), woman, ids[0], False, at)
        # The only woman selected declined: the place goes to the next woman, not the next man.
        async with runtime.database.session() as session:
            after_decline = await selection_rounds.selection_proposal(session, OFFICER, call_id)
        selected = {
            p.application_id for p in after_decline.placements if p.outcome is Outcome.SELECTED
        }
        assert selected == {str(ids[1]), str(ids[3])}

        later = at + timedelta(days=8)
        async with runtime.unit_of_work() as uow:
            assert await offers.expire_offers(SqlRecruitmentUnitOfWork(uow), OFFICER, later) == 2
        async with runtime.database.session() as session:
            final = await selection_rounds.selection_proposal(session, OFFICER, call_id)
        selected = {p.application_id for p in final.placements if p.outcome is Outcome.SELECTED}
        assert selected == {str(ids[2]), str(ids[4])}  # nobody female is left waiting

        late = Actor(subject="applicant-1", role=Role.APPLICANT)
        with pytest.raises(ConflictError, match="no open offer"):
            async with runtime.unit_of_work() as uow:
                await applications.answer_offer(
                    SqlRecruitmentUnitOfWork(uow), late, ids[1], True, later
                )
        accepting = Actor(subject="applicant-2", role=Role.APPLICANT)
        async with runtime.unit_of_work() as uow:
            accepted = await applications.answer_offer(
                SqlRecruitmentUnitOfWork(uow), accepting, ids[2], True, later
            )
        assert accepted.status == "accepted"


async def test_the_service_lapses_offers_at_their_deadline_by_itself(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    runtime = recruitment_runtime(kafka, topic_prefix, sqlite_url)
    async with running(runtime):
        call_id = await open_call(runtime, target=1)
        first = await apply(runtime, 0, Sex.FEMALE, call_id)
        second = await apply(runtime, 1, Sex.FEMALE, call_id)
        await review(runtime, first, 5, 5)
        await review(runtime, second, 4, 4)
        three_weeks_ago = datetime.now(UTC) - timedelta(days=21)
        async with runtime.unit_of_work() as uow:
            await selection_rounds.confirm_selection(
                SqlRecruitmentUnitOfWork(uow), OFFICER, call_id, 7 * 24, three_weeks_ago
            )

    settings = runtime.settings.model_copy(update={"offer_expiry_interval_seconds": 0.2})
    restarted = ServiceRuntime(settings, migrations=runtime.migrations)
    restarted.every(
        "offer-expiry", 0.2, lambda: offers.lapse_offers_past_deadline(restarted, SystemClock())
    )
    async with running(restarted):
        # Both offers lapse in turn: the first's deadline passed, and the place offered on to
        # the second is dated from its own offer, now.
        await eventually(lambda: _status_is(restarted, first, "expired"))
        await eventually(lambda: _status_is(restarted, second, "offered"))


async def _status_is(runtime: ServiceRuntime, application_id: UUID, status: str) -> bool:
    async with runtime.database.session() as session:
        view = await applications.get_application(session, OFFICER, application_id)
    return view.status == status
