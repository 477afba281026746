"""The recruitment funnel projection on a real broker, on SQLite and on PostgreSQL: a generated
population gives the counts computed from it, an erasure keeps the counts but leaves no trace of
the application, a redelivered event counts once, and events the funnel cannot place go to the
dead-letter topic."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from fastapi import FastAPI
from sqlalchemy import MetaData, select

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    IntegrationEvent,
    OfferDeclined,
    OfferExpired,
    OfferMade,
)
from diaspora_shared.contracts.topics import DOMAIN_TOPICS, dead_letter_topic
from diaspora_shared.contracts.vocabulary import Language, Role, Sex, Track
from diaspora_shared.runtime.actors import AssertionVerifier
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP, DLT_REASON
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.subscriptions import kafka_group_id
from reporting.entrypoints.http import router
from reporting.entrypoints.subscriptions import RECRUITMENT_FUNNEL_GROUP
from reporting.service_layer.funnel_queries import (
    FunnelStages,
    RecruitmentFunnelReport,
    TrackFunnel,
    recruitment_funnel,
)

from ..assertions import TEST_ASSERTION_SECRET, as_role
from ..kafka_helpers import eventually, read_records
from ..runtimes import reporting_runtime, running

SOURCE = "/iom/diaspora/recruitment"
COUNTRIES = ("BE", "FR", "DE", "NL", "GB", "SE")
CALLS = {Track.TVET: uuid4(), Track.HEALTH: uuid4()}
AT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
SEED = 20261127


@dataclass
class Applicant:
    """What happened to one generated applicant; the test's own record of the truth."""

    application_id: UUID
    track: Track
    sex: Sex
    country: str
    eligible: bool | None = None
    overridden: bool = False
    reviewed: bool = False
    offered: bool = False
    outcome: str | None = None  # "accepted", "declined" or "expired"
    withdrawn: bool = False

    @property
    def call_id(self) -> UUID:
        return CALLS[self.track]

    def stages(self) -> dict[str, bool]:
        return {
            "applications": True,
            "eligible": self.eligible is True,
            "reviewed": self.reviewed,
            "offered": self.offered,
            "accepted": self.outcome == "accepted",
            "withdrawn": self.withdrawn,
            "declined": self.outcome == "declined",
            "expired": self.outcome == "expired",
        }


def population(seed: int, size: int = 12) -> list[Applicant]:
    rng = random.Random(seed)
    people: list[Applicant] = []
    for _ in range(size):
        person = Applicant(
            application_id=uuid4(),
            track=rng.choice(list(Track)),
            sex=rng.choice(list(Sex)),
            country=rng.choice(COUNTRIES),
        )
        people.append(person)
        if rng.random() < 0.1:  # not screened yet
            continue
        person.eligible = rng.random() < 0.75
        if not person.eligible and rng.random() < 0.3:  # an officer overrides the rules
            person.eligible, person.overridden = True, True
        if person.eligible and rng.random() < 0.85:
            person.reviewed = True
            if rng.random() < 0.7:
                person.offered = True
                person.outcome = rng.choice(["accepted", "accepted", "declined", "expired", None])
        person.withdrawn = rng.random() < 0.2
    return people


def events_of(person: Applicant) -> list[IntegrationEvent]:
    """The events recruitment publishes for one applicant, in their order."""
    ids = {"application_id": person.application_id, "call_id": person.call_id}
    common = ids | {"track": person.track}
    placed = common | {"sex": person.sex}
    events: list[IntegrationEvent] = [
        ApplicationSubmitted(
            **placed, country_of_residence=person.country, submitted_at=AT - timedelta(days=9)
        )
    ]
    if person.eligible is not None:
        screened = placed | {
            "country_of_residence": person.country,
            "failed_rules": (),
            "screened_at": AT - timedelta(days=8),
        }
        if person.overridden:
            events.append(
                ApplicationScreened(
                    **screened | {"failed_rules": ("min_experience",)},
                    eligible=False,
                    overridden=False,
                )
            )
        events.append(
            ApplicationScreened(**screened, eligible=person.eligible, overridden=person.overridden)
        )
    if person.reviewed:
        events.append(
            ApplicationReviewed(
                **common,
                aggregated_score=3.5,
                reviews=2,
                disagreement_flagged=False,
                reviewed_at=AT - timedelta(days=6),
            )
        )
    if person.offered:
        events.append(
            OfferMade(
                **placed,
                deadline=AT + timedelta(days=14),
                from_waiting_list=False,
                made_at=AT - timedelta(days=5),
            )
        )
    if person.outcome == "accepted":
        events.append(accepted_event(person))
    elif person.outcome == "declined":
        events.append(OfferDeclined(**placed, declined_at=AT - timedelta(days=3)))
    elif person.outcome == "expired":
        events.append(OfferExpired(**placed, expired_at=AT + timedelta(days=14)))
    if person.withdrawn:
        events.append(
            ApplicantWithdrew(**placed, was_accepted=person.outcome == "accepted", withdrawn_at=AT)
        )
    return events


def accepted_event(person: Applicant) -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=person.application_id,
        call_id=person.call_id,
        track=person.track,
        sex=person.sex,
        country_of_residence=person.country,
        languages=(Language.ENGLISH,),
        courses_or_specialties=("ICT",),
        available_from=date(2027, 1, 1),
        available_until=date(2027, 3, 1),
        accepted_at=AT - timedelta(days=2),
    )


def expected_report(people: list[Applicant]) -> RecruitmentFunnelReport:
    """The report computed straight from the generated population."""
    tracks = []
    for track in Track:
        members = [person for person in people if person.track is track]
        countries = sorted({person.country for person in members})
        tracks.append(
            TrackFunnel(
                track=track,
                overall=_counted(members),
                by_sex={sex: _counted([p for p in members if p.sex is sex]) for sex in Sex},
                by_country_of_residence={
                    country: _counted([p for p in members if p.country == country])
                    for country in countries
                },
            )
        )
    return RecruitmentFunnelReport(tracks=tracks)


def _counted(people: list[Applicant]) -> FunnelStages:
    totals: dict[str, int] = dict.fromkeys(FunnelStages.model_fields, 0)
    for person in people:
        for stage, reached in person.stages().items():
            totals[stage] += int(reached)
    return FunnelStages(**totals)


async def publish_all(
    kafka: str, topic: str, items: list[IntegrationEvent | tuple[IntegrationEvent, Envelope]]
) -> list[Envelope]:
    """Publish events in order through one producer; an (event, envelope) pair re-sends an
    envelope already published, as a redelivery does."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all", enable_idempotence=True)
    await producer.start()
    sent: list[Envelope] = []
    try:
        for item in items:
            envelope = item[1] if isinstance(item, tuple) else envelope_for(item, source=SOURCE)
            await producer.send_and_wait(
                topic,
                value=envelope.data,
                key=envelope.key.encode(),
                headers=envelope.kafka_headers(),
            )
            sent.append(envelope)
    finally:
        await producer.stop()
    return sent


async def funnel_of(runtime: ServiceRuntime) -> RecruitmentFunnelReport:
    async with runtime.database.session() as session:
        return await recruitment_funnel(session)


async def funnel_over_http(runtime: ServiceRuntime) -> RecruitmentFunnelReport:
    app = FastAPI()
    app.include_router(router)
    app.state.runtime = runtime
    app.state.assertion_verifier = AssertionVerifier(TEST_ASSERTION_SECRET, "reporting")
    viewer = as_role("demo-minaffet", Role.MINISTRY_VIEWER, audience="reporting")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as client:
        answer = await client.get("/reports/recruitment-funnel", headers=viewer)
    assert answer.status_code == 200, answer.text
    return RecruitmentFunnelReport.model_validate(answer.json())


async def test_funnel_of_a_generated_population_matches_its_counts(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    people = population(seed=SEED)
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_all(kafka, topic, [event for person in people for event in events_of(person)])
    expected = expected_report(people)

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        await eventually(
            lambda: consumed_to_end(
                kafka, topic, kafka_group_id(RECRUITMENT_FUNNEL_GROUP, topic_prefix)
            )
        )
        assert await funnel_of(reporting) == expected
        assert await funnel_over_http(reporting) == expected

    # The seeded population spans both tracks and reaches every stage, so the comparison
    # proves something.
    assert all(track.overall.applications > 0 for track in expected.tracks)
    for stage in FunnelStages.model_fields:
        assert sum(getattr(track.overall, stage) for track in expected.tracks) > 0, stage


async def test_erasure_keeps_the_counts_and_no_trace_of_the_application(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    people = population(seed=7, size=6)
    erased = Applicant(
        application_id=uuid4(),
        track=Track.HEALTH,
        sex=Sex.FEMALE,
        country="NO",
        eligible=True,
        reviewed=True,
        offered=True,
        outcome="accepted",
    )
    people.append(erased)
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_all(kafka, topic, [e for person in people for e in events_of(person)])
    expected = expected_report(people)

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        await eventually(
            lambda: consumed_to_end(
                kafka, topic, kafka_group_id(RECRUITMENT_FUNNEL_GROUP, topic_prefix)
            )
        )
        assert await funnel_of(reporting) == expected
        assert str(erased.application_id) in await every_stored_value(reporting)

        erasure = ApplicantDataErased(
            application_id=erased.application_id, call_id=erased.call_id, erased_at=AT
        )
        never_seen = erasure.model_copy(update={"application_id": uuid4()})
        await publish_all(kafka, topic, [erasure, never_seen])
        await eventually(
            lambda: consumed_to_end(
                kafka, topic, kafka_group_id(RECRUITMENT_FUNNEL_GROUP, topic_prefix)
            )
        )

        assert await funnel_of(reporting) == expected
        stored = await every_stored_value(reporting)
        assert str(erased.application_id) not in stored
        assert erased.application_id.hex not in stored


async def test_event_delivered_twice_counts_once_even_after_an_erasure(
    kafka: str, topic_prefix: str, database_url: str
) -> None:
    person = Applicant(
        application_id=uuid4(),
        track=Track.TVET,
        sex=Sex.FEMALE,
        country="BE",
        eligible=True,
        reviewed=True,
        offered=True,
        outcome="accepted",
    )
    submitted, *rest, accepted = events_of(person)
    erasure = ApplicantDataErased(
        application_id=person.application_id, call_id=person.call_id, erased_at=AT
    )
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    first, *_, last = await publish_all(kafka, topic, [submitted, *rest, accepted])
    # Kafka delivers the acceptance a second time; then, after the erasure, the relay re-sends
    # the submission and the acceptance (their "sent" marks were lost): same event ids.
    await publish_all(
        kafka, topic, [(accepted, last), erasure, (submitted, first), (accepted, last)]
    )

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        await eventually(
            lambda: consumed_to_end(
                kafka, topic, kafka_group_id(RECRUITMENT_FUNNEL_GROUP, topic_prefix)
            )
        )
        report = await funnel_of(reporting)
        stored = await every_stored_value(reporting)

    assert report == expected_report([person])
    tvet = next(track for track in report.tracks if track.track is Track.TVET)
    assert (tvet.overall.applications, tvet.overall.accepted) == (1, 1)
    assert str(person.application_id) not in stored


async def test_events_before_the_submission_are_placed_and_unplaceable_ones_dead_lettered(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    early = Applicant(
        application_id=uuid4(), track=Track.HEALTH, sex=Sex.MALE, country="FR", offered=True
    )
    submitted, offer = events_of(early)
    unknown = ApplicationReviewed(
        application_id=uuid4(),
        call_id=CALLS[Track.TVET],
        track=Track.TVET,
        aggregated_score=4.0,
        reviews=2,
        disagreement_flagged=False,
        reviewed_at=AT,
    )
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    # The offer arrives before the submission (say, the submission was dead-lettered and is
    # replayed later); a review of an application never seen cannot be placed by sex at all.
    await publish_all(kafka, topic, [offer, unknown, submitted])

    runtime = reporting_runtime(kafka, topic_prefix, sqlite_url, consumer_max_attempts=2)
    async with running(runtime) as reporting:
        await eventually(
            lambda: consumed_to_end(
                kafka, topic, kafka_group_id(RECRUITMENT_FUNNEL_GROUP, topic_prefix)
            )
        )
        assert await funnel_of(reporting) == expected_report([early])
        dead = await read_records(kafka, dead_letter_topic(topic), expected=1)

    headers = dict(dead[0].headers)
    assert headers[DLT_CONSUMER_GROUP] == RECRUITMENT_FUNNEL_GROUP.encode()
    assert "UnplacedEventError" in headers[DLT_REASON].decode()
    assert dead[0].key == str(unknown.application_id).encode()


async def every_stored_value(runtime: ServiceRuntime) -> str:
    """Every value of every table of the reporting database, as one text to search."""
    metadata = MetaData()
    values: list[str] = []
    async with runtime.database.engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        for table in metadata.sorted_tables:
            for row in (await connection.execute(select(table))).all():
                values.extend(str(value) for value in row)
    return "\n".join(values)


async def consumed_to_end(kafka: str, topic: str, group_id: str) -> bool:
    """Whether the consumer group committed, on every partition of the topic, the offset after
    its last record: the manual acknowledgement commits only what was applied or set aside."""
    (partitions,) = [spec.partitions for spec in DOMAIN_TOPICS if topic.endswith(spec.name)]
    topic_partitions = [TopicPartition(topic, number) for number in range(partitions)]
    reader = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    await reader.start()
    try:
        ends: dict[TopicPartition, int] = await reader.end_offsets(topic_partitions)
    finally:
        await reader.stop()
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id, partitions=topic_partitions)
    finally:
        await admin.close()
    return all(
        tp in committed and committed[tp].offset >= end for tp, end in ends.items() if end > 0
    )
