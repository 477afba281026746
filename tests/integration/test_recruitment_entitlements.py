"""Recruitment serves a professional's name and work e-mail to the host institution of a confirmed
mission and to the pilot project they mentor, learned from deployment's and grants' events on a
real broker, with PostgreSQL: every read audited, every other caller answered 404, late and
out-of-order events changing nothing, and no name or e-mail on any topic."""

from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from uuid import UUID, uuid4

import httpx
from pydantic import SecretStr
from pypdf import PdfReader

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    CALLS_TOPIC,
    GRANTS_TOPIC,
    MISSIONS_TOPIC,
    CancellationReason,
    GrantClosed,
    IntegrationEvent,
    MentorAssigned,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from diaspora_shared.contracts.money import Money
from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.person_ref import person_ref
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.service_layer import applications
from recruitment.service_layer.entitlements import CONTACT_ENTITLEMENTS_GROUP
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..assertions import TEST_PERSON_REF_KEY, as_actor
from ..kafka_helpers import eventually, read_records
from ..runtimes import open_call, profile
from .recruitment_http import count_rows, officer, recruitment_client
from .test_consumer import publish_event

HOST_A, HOST_B = "IPRC-KGL", "IPRC-HYE"
PROJECT_A, PROJECT_B = "PILOT-01", "PILOT-02"
TODAY = datetime.now(UTC).date()


def applicant(index: int) -> dict[str, str]:
    return as_actor(Actor(subject=f"applicant-{index}", role=Role.APPLICANT))


def host(org: str) -> dict[str, str]:
    return as_actor(Actor(subject=f"staff-{org}", role=Role.HOST_INSTITUTION, org=org))


def project(org: str) -> dict[str, str]:
    return as_actor(Actor(subject=f"lead-{org}", role=Role.PILOT_PROJECT, org=org))


async def accepted_professional(
    client: httpx.AsyncClient, runtime: ServiceRuntime, call_id: UUID, index: int
) -> UUID:
    """Submitted through the service, accepted by an officer over HTTP."""
    applicant = Actor(subject=f"applicant-{index}", role=Role.APPLICANT)
    async with runtime.unit_of_work() as uow:
        submitted = await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow),
            applicant,
            call_id,
            profile(Sex.FEMALE, "ICT", index),
            TODAY,
        )
    answer = await client.post(
        f"/recruitment/applications/{submitted.application_id}/accept", headers=officer()
    )
    assert answer.status_code == 200, answer.text
    return submitted.application_id


def planned(
    mission_id: UUID, professional: UUID, institution: str, ends_on: date
) -> MissionPlanned:
    return MissionPlanned(
        mission_id=mission_id,
        institution_code=institution,
        request_id=uuid4(),
        professional_id=professional,
        track=Track.TVET,
        course_or_specialty="ICT",
        starts_on=TODAY - timedelta(days=1),
        ends_on=ends_on,
        planned_at=datetime.now(UTC),
    )


def confirmed(mission_id: UUID, institution: str) -> MissionConfirmed:
    return MissionConfirmed(
        mission_id=mission_id, institution_code=institution, confirmed_at=datetime.now(UTC)
    )


class Stream:
    """Publishes events as their services would, and knows how many the group must settle."""

    def __init__(self, kafka: str, prefix: str) -> None:
        self.kafka, self.prefix, self.sent = kafka, prefix, 0

    async def send(self, event: IntegrationEvent, envelope: Envelope | None = None) -> Envelope:
        self.sent += 1
        return await publish_event(  # type: ignore[no-any-return]
            self.kafka, f"{self.prefix}{event.topic}", event, envelope
        )

    async def settled(self, runtime: ServiceRuntime) -> None:
        async def all_settled() -> bool:
            counts = runtime.consumer_metrics().get(CONTACT_ENTITLEMENTS_GROUP, {})
            return sum(counts.values()) >= self.sent

        await eventually(all_settled, timeout=30)


async def contact_status(
    client: httpx.AsyncClient, professional: UUID, headers: dict[str, str]
) -> int:
    answer = await client.get(f"/recruitment/professionals/{professional}/contact", headers=headers)
    return answer.status_code


async def test_hosts_and_pilot_projects_read_only_what_their_mission_or_grant_entitles(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    stream = Stream(kafka, topic_prefix)
    async with recruitment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        call_id = await open_call(runtime)
        on_mission, cancelled_early, mentor, successor = [
            await accepted_professional(client, runtime, call_id, index) for index in range(4)
        ]

        # A planned mission entitles nobody yet; its confirmation opens it to its host only.
        mission = uuid4()
        await stream.send(planned(mission, on_mission, HOST_A, TODAY + timedelta(days=30)))
        await stream.settled(runtime)
        assert await contact_status(client, on_mission, host(HOST_A)) == 404
        first_confirmation = await stream.send(confirmed(mission, HOST_A))
        await stream.send(confirmed(mission, HOST_A), first_confirmation)  # delivered twice
        await stream.settled(runtime)
        read = await client.get(
            f"/recruitment/professionals/{on_mission}/contact", headers=host(HOST_A)
        )
        assert read.status_code == 200, read.text
        assert read.json() == {
            "application_id": str(on_mission),
            "given_name": "Given0",
            "family_name": "Family0",
            "email": "person0@example.org",
        }
        assert await contact_status(client, on_mission, host(HOST_B)) == 404
        assert await contact_status(client, on_mission, project(PROJECT_A)) == 404
        metrics = runtime.consumer_metrics()[CONTACT_ENTITLEMENTS_GROUP]
        assert metrics.get("duplicate") == 1

        # A cancellation that arrives before the plan and the confirmation still wins.
        early = uuid4()
        await stream.send(
            MissionCancelled(
                mission_id=early,
                institution_code=HOST_B,
                professional_id=cancelled_early,
                reason=CancellationReason.HOST_WITHDREW,
                cancelled_at=datetime.now(UTC),
            )
        )
        await stream.send(confirmed(early, HOST_B))
        await stream.send(planned(early, cancelled_early, HOST_B, TODAY + timedelta(days=30)))
        await stream.settled(runtime)
        assert await contact_status(client, cancelled_early, host(HOST_B)) == 404

        # The pilot project reads its current mentor only; a closed grant entitles nobody.
        grant = uuid4()
        assignment = MentorAssigned(grant_id=grant, project_code=PROJECT_A, professional_id=mentor)
        older = envelope_for(assignment, source="/iom/diaspora/grants")
        replacement = MentorAssigned(
            grant_id=grant, project_code=PROJECT_A, professional_id=successor
        )
        await stream.send(replacement)
        await stream.send(assignment, older)  # the older assignment arrives late
        await stream.settled(runtime)
        assert await contact_status(client, successor, project(PROJECT_A)) == 200
        assert await contact_status(client, mentor, project(PROJECT_A)) == 404
        assert await contact_status(client, successor, project(PROJECT_B)) == 404
        await stream.send(
            GrantClosed(
                grant_id=grant,
                project_code=PROJECT_A,
                disbursed=Money(minor_units=100, currency="EUR"),
                closed_on=TODAY,
            )
        )
        await stream.settled(runtime)
        assert await contact_status(client, successor, project(PROJECT_A)) == 404

        reads = await count_rows(runtime, "audit_log", "action = 'read_contact'")
        assert reads == 2  # the two successful reads, and nothing else
        assert runtime.consumer_metrics()[CONTACT_ENTITLEMENTS_GROUP].get("dead_lettered", 0) == 0

    await assert_no_contact_on_any_topic(kafka, topic_prefix, indices=range(4))


async def test_a_mission_ends_its_entitlement_and_an_extension_moves_the_end(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    stream = Stream(kafka, topic_prefix)
    async with recruitment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        call_id = await open_call(runtime)
        professional = await accepted_professional(client, runtime, call_id, 0)
        mission = uuid4()
        await stream.send(planned(mission, professional, HOST_A, TODAY - timedelta(days=1)))
        await stream.send(
            MissionStarted(
                mission_id=mission,
                institution_code=HOST_A,
                professional_id=professional,
                started_at=datetime.now(UTC),
            )
        )
        await stream.settled(runtime)
        assert await contact_status(client, professional, host(HOST_A)) == 404  # ended yesterday

        def extension(days: int, at: datetime) -> MissionExtended:
            return MissionExtended(
                mission_id=mission,
                institution_code=HOST_A,
                previous_end=TODAY - timedelta(days=1),
                ends_on=TODAY + timedelta(days=days),
                extended_at=at,
            )

        now = datetime.now(UTC)
        await stream.send(extension(10, now))
        await stream.send(extension(-5, now - timedelta(hours=1)))  # an older extension, late
        await stream.settled(runtime)
        assert await contact_status(client, professional, host(HOST_A)) == 200


async def test_the_professional_gets_a_named_certificate_once_the_mission_is_completed(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    stream = Stream(kafka, topic_prefix)
    async with recruitment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        call_id = await open_call(runtime)
        professional = await accepted_professional(client, runtime, call_id, 3)
        mission = uuid4()
        path = f"/recruitment/applications/{professional}/missions/{mission}/certificate"
        await stream.send(planned(mission, professional, HOST_A, TODAY - timedelta(days=1)))
        await stream.settled(runtime)
        not_yet = await client.get(path, headers=applicant(3))
        assert not_yet.status_code == 409, not_yet.text
        await stream.send(
            MissionCompleted(
                mission_id=mission,
                institution_code=HOST_A,
                starts_on=TODAY - timedelta(days=20),
                ends_on=TODAY - timedelta(days=1),
                person_days=20,
                completed_at=datetime.now(UTC),
                sessions_recorded=12,
                hours_recorded=37.5,
            )
        )
        await stream.settled(runtime)

        answer = await client.get(path, headers=applicant(3))
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(answer.content)).pages)
        assert "Given3 Family3" in text
        assert "IPRC Kigali" in text and "ICT" in text
        assert "Sessions delivered 12" in text.replace("\n", " ")
        assert "37.5" in text
        assert (await client.get(path, headers=applicant(4))).status_code == 404
        assert (await client.get(path, headers=officer())).status_code == 200
        assert (await client.get(path, headers=host(HOST_A))).status_code == 403
        issued = await count_rows(runtime, "audit_log", "action = 'issue_certificate'")
        assert issued == 2


async def test_acceptances_carry_the_person_reference_of_the_applicants_login(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    async with recruitment_client(kafka, topic_prefix, postgres_url) as (client, runtime):
        call_id = await open_call(runtime)
        await accepted_professional(client, runtime, call_id, 7)

    records = await read_records(kafka, f"{topic_prefix}{APPLICATIONS_TOPIC}", expected=3)
    accepted = [
        r for r in records if b"recruitment.applicant.accepted" in dict(r.headers)["ce_type"]
    ]
    assert len(accepted) == 1
    expected = person_ref(SecretStr(TEST_PERSON_REF_KEY), "applicant-7")
    assert f'"person_ref":"{expected}"'.encode() in accepted[0].value
    assert b"applicant-7" not in accepted[0].value


async def assert_no_contact_on_any_topic(kafka: str, prefix: str, indices: range) -> None:
    """Every topic the test's services wrote to or read from, read to its end."""
    for topic in (APPLICATIONS_TOPIC, CALLS_TOPIC, MISSIONS_TOPIC, GRANTS_TOPIC):
        records = await read_records(kafka, f"{prefix}{topic}", expected=10_000, timeout=3)
        assert records, topic
        for record in records:
            carried = (record.key or b"") + record.value
            carried += b"".join(value for _, value in record.headers)
            for index in indices:
                for secret in (f"Given{index}", f"Family{index}", f"person{index}@"):
                    assert secret.encode() not in carried, (topic, secret)
