"""Screening, override, update and withdrawal in recruitment, on SQLite and PostgreSQL, with the
events they publish read back from Kafka."""

from datetime import UTC, datetime
from uuid import UUID

import pytest
from pydantic import ValidationError
from sqlmodel import select

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Language, Role, Sex
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.adapters.tables import AuditEntry
from recruitment.domain.errors import ConflictError, NotFoundError
from recruitment.domain.model import ApplicantProfile, ApplicationView, ScreeningOverride
from recruitment.service_layer import applications
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..kafka_helpers import read_records
from ..runtimes import OFFICER, open_call, profile, recruitment_runtime, running

ALICE = Actor(subject="alice", role=Role.APPLICANT)
BOB = Actor(subject="bob", role=Role.APPLICANT)


def junior() -> ApplicantProfile:
    return profile().model_copy(update={"years_of_experience": 1, "languages": [Language("rw")]})


async def submit(
    runtime: ServiceRuntime, actor: Actor, call_id: UUID, data: ApplicantProfile
) -> ApplicationView:
    async with runtime.unit_of_work() as uow:
        return await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow), actor, call_id, data, datetime.now(UTC).date()
        )


async def test_screening_gives_a_reason_per_rule_and_an_override_is_audited(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime)
        application = await submit(runtime, ALICE, call_id, junior())
        assert application.status == "ineligible"
        failed = {item.rule: item.reason for item in application.screening if not item.passed}
        assert failed == {
            "min_years_of_experience": "1 years of experience, 3 required",
            "working_language": "speaks none of en/fr",
        }
        with pytest.raises(ConflictError, match="only an eligible one"):
            async with runtime.unit_of_work() as uow:
                await applications.accept_applicant(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, application.application_id
                )
        with pytest.raises(ValidationError, match="justification"):
            ScreeningOverride(eligible=True, justification="ok")

        decision = ScreeningOverride(
            eligible=True, justification="Kinyarwanda is enough for this IPRC's ToT sessions."
        )
        async with runtime.unit_of_work() as uow:
            overridden = await applications.override_screening(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application.application_id, decision
            )
        assert overridden.status == "eligible"
        assert overridden.screening_override == decision
        async with runtime.unit_of_work() as uow:
            await applications.accept_applicant(
                SqlRecruitmentUnitOfWork(uow), OFFICER, application.application_id
            )
        async with runtime.database.session() as session:
            actions = (await session.exec(select(AuditEntry.action))).all()
        assert sorted(actions) == ["accept", "override_screening"]
        records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=4)
    types = [dict(r.headers)["ce_type"].decode().split(".")[-2] for r in records]
    assert types == ["submitted", "screened", "screened", "accepted"]


async def test_applicants_reach_only_their_own_application_and_may_update_it(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime)
        application = await submit(runtime, ALICE, call_id, junior())
        with pytest.raises(ConflictError, match="already applied"):
            await submit(runtime, ALICE, call_id, junior())
        async with runtime.database.session() as session:
            with pytest.raises(NotFoundError):
                await applications.get_application(session, BOB, application.application_id)
            assert await applications.get_application(session, OFFICER, application.application_id)
            audited = (await session.exec(select(AuditEntry.action))).all()
        assert audited == ["read_personal_data"]

        today = datetime.now(UTC).date()
        async with runtime.unit_of_work() as uow:
            with pytest.raises(NotFoundError):
                await applications.update_application(
                    SqlRecruitmentUnitOfWork(uow), BOB, application.application_id, profile(), today
                )
        async with runtime.unit_of_work() as uow:
            updated = await applications.update_application(
                SqlRecruitmentUnitOfWork(uow), ALICE, application.application_id, profile(), today
            )
        assert updated.status == "eligible"
        assert all(item.passed for item in updated.screening)


async def test_withdrawing_an_accepted_application_frees_the_place(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        call_id = await open_call(runtime, target=1)
        first = await submit(runtime, ALICE, call_id, profile(Sex.FEMALE, index=1))
        second = await submit(runtime, BOB, call_id, profile(Sex.MALE, index=2))
        async with runtime.unit_of_work() as uow:
            await applications.accept_applicant(
                SqlRecruitmentUnitOfWork(uow), OFFICER, first.application_id
            )
        with pytest.raises(ConflictError, match="target of 1"):
            async with runtime.unit_of_work() as uow:
                await applications.accept_applicant(
                    SqlRecruitmentUnitOfWork(uow), OFFICER, second.application_id
                )
        async with runtime.unit_of_work() as uow:
            withdrawn = await applications.withdraw_application(
                SqlRecruitmentUnitOfWork(uow), ALICE, first.application_id
            )
        assert withdrawn.status == "withdrawn"
        with pytest.raises(ConflictError, match="already withdrawn"):
            async with runtime.unit_of_work() as uow:
                await applications.withdraw_application(
                    SqlRecruitmentUnitOfWork(uow), ALICE, first.application_id
                )
        async with runtime.unit_of_work() as uow:
            accepted = await applications.accept_applicant(
                SqlRecruitmentUnitOfWork(uow), OFFICER, second.application_id
            )
        assert accepted.status == "accepted"
        records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=7)
    withdrew = [r for r in records if dict(r.headers)["ce_type"].endswith(b"withdrew.v1")]
    assert len(withdrew) == 1
    assert b'"was_accepted":true' in withdrew[0].value
