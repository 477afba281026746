"""Personal data rights in recruitment, on SQLite and PostgreSQL with real Kafka: a person's
export holds all of their data and nobody else's, staff exports are audited, and erasure leaves
nothing of the person in the database or on Kafka while the counts stay."""

from collections import Counter
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import inspect, text
from sqlmodel import col, select

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.adapters.tables import ApplicationRow, AuditEntry
from recruitment.domain.errors import ForbiddenError
from recruitment.domain.model import (
    ApplicantProfile,
    ApplicationView,
    ContactDetails,
    ScreeningOverride,
)
from recruitment.entrypoints.app import create_app
from recruitment.service_layer import applications, personal_data
from recruitment.settings import RecruitmentSettings

from ..assertions import as_actor
from ..kafka_helpers import read_records
from ..runtimes import OFFICER, open_call, profile, recruitment_runtime, running

ALICE = Actor(subject="subject-alice-5e1f", role=Role.APPLICANT)
BOB = Actor(subject="subject-bob-77c2", role=Role.APPLICANT)
ALICE_CONTACT = ContactDetails(
    given_name="Alicia",
    family_name="Uwimanaxyz",
    email="alicia.uwimana@example.org",
    phone="+250 788 123 457",
)
BOB_CONTACT = ContactDetails(
    given_name="Bertrand",
    family_name="Habimanaxyz",
    email="bertrand.habimana@example.org",
    phone="+32 470 11 22 33",
)
# Staff free text naming the person is personal data too.
JUSTIFICATION = "Alicia Uwimanaxyz documented equivalent experience at a Belgian hospital."
ALICE_TRACES = (
    ALICE.subject,
    ALICE_CONTACT.given_name,
    ALICE_CONTACT.family_name,
    str(ALICE_CONTACT.email),
    str(ALICE_CONTACT.phone),
    "MSc Hospital Engineering, Ghent 2011",
)
DATA_ERASED = b"recruitment.applicant.data-erased.v1"


def profile_of(contact: ContactDetails, sex: Sex, course: str = "ICT") -> ApplicantProfile:
    update: dict[str, Any] = {"contact": contact}
    if contact == ALICE_CONTACT:
        update["qualifications"] = [ALICE_TRACES[-1]]
    return profile(sex, course).model_copy(update=update)


async def submit(
    runtime: ServiceRuntime, actor: Actor, call_id: UUID, data: ApplicantProfile
) -> ApplicationView:
    async with runtime.unit_of_work() as uow:
        return await applications.submit_application(
            uow, actor, call_id, data, datetime.now(UTC).date()
        )


async def seed(runtime: ServiceRuntime) -> tuple[list[UUID], UUID]:
    """Alice applies to two calls (one overridden and accepted), Bob to one."""
    tvet, health = await open_call(runtime, Track.TVET), await open_call(runtime, Track.HEALTH)
    first = await submit(runtime, ALICE, tvet, profile_of(ALICE_CONTACT, Sex.FEMALE))
    second = await submit(runtime, ALICE, health, profile_of(ALICE_CONTACT, Sex.FEMALE, "Surgery"))
    bob = await submit(runtime, BOB, tvet, profile_of(BOB_CONTACT, Sex.MALE))
    decision = ScreeningOverride(eligible=True, justification=JUSTIFICATION)
    async with runtime.unit_of_work() as uow:
        await applications.override_screening(uow, OFFICER, first.application_id, decision)
    async with runtime.unit_of_work() as uow:
        await applications.accept_applicant(uow, OFFICER, first.application_id)
    return [first.application_id, second.application_id], bob.application_id


async def stored_text(runtime: ServiceRuntime) -> str:
    """Every text value of every table of the recruitment database."""
    values: list[str] = []
    async with runtime.database.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in tables:
            result = await connection.execute(text(f'SELECT * FROM "{table}"'))
            values.extend(value for row in result for value in row if isinstance(value, str))
    return "\n".join(values)


async def counts(runtime: ServiceRuntime) -> Counter[tuple[str, str, str, str]]:
    async with runtime.database.session() as session:
        rows = (await session.exec(select(ApplicationRow))).all()
    facts = [(row, ApplicantProfile.model_validate_json(row.profile)) for row in rows]
    return Counter(
        (row.call_id, row.status, p.sex.value, p.country_of_residence) for row, p in facts
    )


async def test_an_export_holds_all_of_the_persons_data_and_only_theirs(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        alice_ids, bob_id = await seed(runtime)
        async with runtime.database.session() as session:
            own = await personal_data.export_personal_data(session, ALICE, ALICE.subject)
            bobs = await personal_data.export_personal_data(session, BOB, BOB.subject)
            for stranger in (BOB, Actor("reviewer-1", Role.REVIEWER)):
                with pytest.raises(ForbiddenError):
                    await personal_data.export_personal_data(session, stranger, ALICE.subject)
            staff_reads = (await session.exec(select(AuditEntry.action))).all()

        assert [a.application_id for a in own.applications] == alice_ids
        assert {a.profile.contact for a in own.applications} == {ALICE_CONTACT}
        accepted = own.applications[0]
        assert accepted.status == "accepted"
        assert accepted.screening and accepted.screening_override is not None
        assert accepted.screening_override.justification == JUSTIFICATION
        assert {(e.action, e.actor_role) for e in own.audit} == {
            ("override_screening", "iom_officer"),
            ("accept", "iom_officer"),
        }
        assert all(e.application_id == alice_ids[0] for e in own.audit)
        assert "officer-1" not in own.model_dump_json()
        assert [a.application_id for a in bobs.applications] == [bob_id]
        assert bobs.audit == []
        assert "Bertrand" not in own.model_dump_json()
        assert "Alicia" not in bobs.model_dump_json()
        # The person's own reads are not staff reads.
        assert "export_personal_data" not in staff_reads


async def test_an_officer_export_is_audited_per_application(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        alice_ids, _ = await seed(runtime)
        async with runtime.database.session() as session:
            export = await personal_data.export_personal_data(session, OFFICER, ALICE.subject)
            nobody = await personal_data.export_personal_data(session, OFFICER, "nobody")
        async with runtime.database.session() as session:
            reads = (
                await session.exec(
                    select(AuditEntry).where(col(AuditEntry.action) == "export_personal_data")
                )
            ).all()
    assert len(export.applications) == 2
    assert nobody.applications == [] and nobody.audit == []
    assert sorted(UUID(entry.application_id) for entry in reads) == sorted(alice_ids)
    assert {(entry.actor_subject, entry.actor_role) for entry in reads} == {
        (OFFICER.subject, "iom_officer")
    }
    # The audit log names the application, not the person.
    assert all(ALICE.subject not in entry.detail for entry in reads)
    assert sum(e.action == "export_personal_data" for e in export.audit) == 2


async def test_erasure_anonymises_publishes_and_keeps_counts(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    async with running(recruitment_runtime(kafka, topic_prefix, database_url)) as runtime:
        alice_ids, bob_id = await seed(runtime)
        before = await counts(runtime)
        stored = await stored_text(runtime)
        assert all(trace in stored for trace in ALICE_TRACES)

        async with runtime.unit_of_work() as uow:
            with pytest.raises(ForbiddenError):
                await personal_data.erase_personal_data(uow, BOB, ALICE.subject)
        async with runtime.unit_of_work() as uow:
            receipt = await personal_data.erase_personal_data(uow, ALICE, ALICE.subject)
        assert receipt.applications == alice_ids

        stored = await stored_text(runtime)
        assert [trace for trace in ALICE_TRACES if trace in stored] == []
        assert "Uwimanaxyz" not in stored and "Alicia" not in stored
        assert str(BOB_CONTACT.email) in stored and BOB.subject in stored
        assert await counts(runtime) == before

        async with runtime.database.session() as session:
            rows = (
                await session.exec(
                    select(ApplicationRow).where(
                        col(ApplicationRow.application_id).in_([str(i) for i in alice_ids])
                    )
                )
            ).all()
            erasures = (
                await session.exec(
                    select(AuditEntry).where(col(AuditEntry.action) == "erase_personal_data")
                )
            ).all()
            empty = await personal_data.export_personal_data(session, ALICE, ALICE.subject)
        subjects = {row.applicant_subject for row in rows}
        assert len(subjects) == 2 and all(s.startswith("erased:") for s in subjects)
        assert all(row.erased_at is not None for row in rows)
        for row in rows:
            kept = ApplicantProfile.model_validate_json(row.profile)
            assert kept.contact.given_name == "erased" and kept.contact.phone is None
            assert kept.contact.email == f"erased-{row.application_id}@invalid.example"
            assert kept.consent.notice_version == "2026-01"
        # Her own request is audited under the new unlinkable value, never her subject.
        assert {e.actor_subject for e in erasures} == subjects
        assert empty.applications == [] and empty.audit == []

        async with runtime.unit_of_work() as uow:
            again = await personal_data.erase_personal_data(uow, ALICE, ALICE.subject)
        assert again.applications == []
        async with runtime.unit_of_work() as uow:
            on_request = await personal_data.erase_personal_data(uow, OFFICER, BOB.subject)
        assert on_request.applications == [bob_id]
        assert await counts(runtime) == before

        # Per application: submitted and screened; Alice's first also overridden and accepted;
        # then one erasure event each.
        records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=11)
    erased = [r for r in records if dict(r.headers)["ce_type"] == DATA_ERASED]
    assert sorted(UUID(r.key.decode()) for r in erased) == sorted([*alice_ids, bob_id])
    traces = [*ALICE_TRACES, BOB.subject, BOB_CONTACT.given_name, str(BOB_CONTACT.email)]
    for record in erased:
        published = record.key + record.value + b"".join(v for _, v in record.headers)
        assert [t for t in traces if t.encode() in published] == []


async def test_personal_data_routes(kafka: str, topic_prefix: str, database_url: str) -> None:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database_url
    )
    app = create_app(settings)
    runtime: ServiceRuntime = app.state.runtime

    def as_(actor: Actor) -> dict[str, str]:
        return as_actor(actor)

    async with app.router.lifespan_context(app):
        alice_ids, _ = await seed(runtime)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as client:
            mine = await client.get("/recruitment/applicants/me/personal-data", headers=as_(ALICE))
            others = await client.get(
                f"/recruitment/applicants/{ALICE.subject}/personal-data", headers=as_(BOB)
            )
            by_officer = await client.get(
                f"/recruitment/applicants/{ALICE.subject}/personal-data", headers=as_(OFFICER)
            )
            refused = await client.post(
                f"/recruitment/applicants/{ALICE.subject}/erasure", headers=as_(BOB)
            )
            erased = await client.post("/recruitment/applicants/me/erasure", headers=as_(ALICE))
            twice = await client.post("/recruitment/applicants/me/erasure", headers=as_(ALICE))
    assert mine.status_code == 200, mine.text
    body: dict[str, Any] = mine.json()
    assert body["subject"] == ALICE.subject
    assert [UUID(a["application_id"]) for a in body["applications"]] == alice_ids
    assert others.status_code == 403 and refused.status_code == 403
    assert by_officer.status_code == 200
    assert len(by_officer.json()["applications"]) == 2
    assert erased.status_code == 200
    assert [UUID(i) for i in erased.json()["applications"]] == alice_ids
    assert twice.status_code == 200 and twice.json()["applications"] == []
