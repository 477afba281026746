"""The batch rebuild of reporting's read model gives the same report as the live subscriber for
the same events, survives a crash without counting twice, and changes nothing when run again."""

import random
from collections import Counter
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaProducer

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantWithdrew,
    ApplicationSubmitted,
    CallOpened,
    IntegrationEvent,
)
from diaspora_shared.contracts.topics import dead_letter_topic, qualified
from diaspora_shared.contracts.vocabulary import Language, Sex, Track
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP, DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.entrypoints.app import MIGRATIONS
from reporting.entrypoints.rebuild_cli import rebuild
from reporting.entrypoints.subscriptions import ACCEPTED_PROFESSIONALS_GROUP
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.queries import AcceptedProfessionalsReport, accepted_professionals
from reporting.service_layer.rebuild import REBUILD_GROUP, ProjectionRebuild, RebuildError
from reporting.service_layer.rebuild_progress import RebuildProgress

from ..kafka_helpers import eventually, produce_raw, read_records
from ..runtimes import accepted_in, report_of, reporting_runtime, running

SOURCE = "/iom/diaspora/recruitment"


def call_opened(call_id: UUID, track: Track, target: int) -> CallOpened:
    return CallOpened(
        call_id=call_id,
        track=track,
        title=f"{track.value} call",
        target=target,
        women_share_goal=0.4,
        opens_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 31),
    )


def accepted(call_id: UUID, track: Track, sex: Sex) -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=uuid4(),
        call_id=call_id,
        track=track,
        sex=sex,
        country_of_residence="BE",
        languages=(Language.ENGLISH, Language.FRENCH),
        courses_or_specialties=("ICT",),
        available_from=date(2027, 2, 1),
        available_until=date(2027, 5, 1),
        accepted_at=datetime.now(UTC),
    )


def submitted(call_id: UUID, track: Track, sex: Sex) -> ApplicationSubmitted:
    return ApplicationSubmitted(
        application_id=uuid4(),
        call_id=call_id,
        track=track,
        sex=sex,
        country_of_residence="FR",
        submitted_at=datetime.now(UTC),
    )


Expected = tuple[Counter[tuple[Track, Sex]], dict[Track, int]]


def withdrew(
    application: ApplicantAccepted | ApplicationSubmitted, *, was_accepted: bool
) -> ApplicantWithdrew:
    return ApplicantWithdrew(
        application_id=application.application_id,
        call_id=application.call_id,
        track=application.track,
        sex=application.sex,
        was_accepted=was_accepted,
        withdrawn_at=datetime.now(UTC),
    )


def generated_events(seed: int = 7) -> tuple[list[IntegrationEvent], Expected]:
    """Events, with the accepted counts and the targets per track they must lead to."""
    rng = random.Random(seed)
    calls = [(uuid4(), rng.choice(list(Track))) for _ in range(8)]
    events: list[IntegrationEvent] = [
        call_opened(cid, track, 10 + i) for i, (cid, track) in enumerate(calls)
    ]
    expected: Counter[tuple[Track, Sex]] = Counter()
    for index in range(400):
        call_id, track = rng.choice(calls)
        sex = rng.choice(list(Sex))
        if index % 5 == 0:
            events.append(submitted(call_id, track, sex))
        else:
            acceptance = accepted(call_id, track, sex)
            events.append(acceptance)
            expected[(track, sex)] += 1
            if index % 7 == 0:  # some accepted applicants withdraw later: the place is freed
                events.append(withdrew(acceptance, was_accepted=True))
                expected[(track, sex)] -= 1
        if index % 31 == 0:  # a withdrawal before acceptance changes no count
            events.append(withdrew(submitted(call_id, track, sex), was_accepted=False))
        if index % 97 == 0:  # a call announced again with a new target: the last one wins
            again_id, again_track = calls[index % len(calls)]
            events.append(call_opened(again_id, again_track, 50 + index))
    last_targets = {e.call_id: e for e in events if isinstance(e, CallOpened)}
    targets = Counter[Track]()
    for call in last_targets.values():
        targets[call.track] += call.target
    return events, (expected, dict(targets))


async def publish(kafka: str, prefix: str, events: list[IntegrationEvent]) -> None:
    """Publish through the real envelope. Some events go out twice with the same id, as after a
    lost outbox mark: every 50th at once, and the first ten again after all the others."""
    producer = create_producer(kafka, "test-publisher")
    await producer.start()
    try:
        resent = []
        for index, event in enumerate(events):
            envelope = envelope_for(event, source=SOURCE)
            if index < 10:
                resent.append((event, envelope))
            for _ in range(2 if index % 50 == 0 else 1):
                await _send(producer, prefix, event, envelope)
        for event, envelope in resent:
            await _send(producer, prefix, event, envelope)
        await producer.flush()
    finally:
        await producer.stop()


async def _send(
    producer: AIOKafkaProducer, prefix: str, event: IntegrationEvent, envelope: Envelope
) -> None:
    await producer.send(
        qualified(event.topic, prefix),
        value=envelope.data,
        key=envelope.key.encode(),
        headers=envelope.kafka_headers(),
    )


def duplicated(events: list[IntegrationEvent]) -> list[IntegrationEvent]:
    return [*events[::50], *events[:10]]


async def report_in(database_url: str) -> AcceptedProfessionalsReport:
    database = Database(database_url)
    try:
        async with database.session() as session:
            return await accepted_professionals(session)
    finally:
        await database.dispose()


@pytest.fixture
async def other_database_url(database_url: str, request: pytest.FixtureRequest) -> str:
    """A second database of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        return database_url.replace("service.db", "incremental.db")
    factory = request.getfixturevalue("new_postgres_database")
    url: str = await factory()
    return url


async def test_rebuilt_projection_equals_the_incrementally_built_one(
    kafka: str, topic_prefix: str, database_url: str, other_database_url: str
) -> None:
    events, (expected, targets) = generated_events()
    await publish(kafka, topic_prefix, events)
    # A record that is not an event: both paths must dead-letter it, not drop it.
    calls_topic = qualified(CallOpened.topic, topic_prefix)
    await produce_raw(
        kafka,
        calls_topic,
        value=b"{not json",
        key=b"broken",
        headers=[
            ("ce_id", str(uuid4()).encode()),
            ("ce_source", SOURCE.encode()),
            ("ce_type", CallOpened.event_type.encode()),
            ("ce_specversion", b"1.0"),
        ],
    )

    # Incrementally, through the live reporting runtime.
    runtime = reporting_runtime(kafka, topic_prefix, other_database_url)
    async with running(runtime):
        # Every record settled (applied, duplicate, skipped or dead-lettered), not just counts
        # that can match on the way: only then is the whole report final.
        records = len(events) + len(duplicated(events)) + 1

        async def caught_up() -> bool:
            settled = runtime.consumer_metrics()[ACCEPTED_PROFESSIONALS_GROUP]
            return sum(settled.values()) >= records

        await eventually(caught_up, timeout=60)
        incremental = await report_of(runtime)
        assert all(
            accepted_in(incremental, track).get(sex, 0) == expected[(track, sex)]
            for track in Track
            for sex in Sex
        )
        assert {p.track: p.target for p in incremental.tracks if p.target} == targets

    # In batches: a run that "crashes" after two small batches, then a run that finishes.
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    producer = create_producer(kafka, REBUILD_GROUP)
    await producer.start()
    try:
        crashed = ProjectionRebuild(
            database,
            [ACCEPTED_PROFESSIONALS],
            bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            dead_letters=DeadLetterPublisher(producer, REBUILD_GROUP),
            max_records=40,
        )
        (partial,) = await crashed.run(max_batches=2)
        assert partial.batches == 2
    finally:
        await producer.stop()
        await database.dispose()
    seen: list[RebuildProgress] = []
    (first,) = await rebuild(
        database_url,
        bootstrap_servers=kafka,
        projections=[ACCEPTED_PROFESSIONALS.name],
        topic_prefix=topic_prefix,
        on_progress=seen.append,
    )
    rebuilt = await report_in(database_url)
    # The resumed run reports what is left after the crash, per topic, up to all of it.
    assert seen and seen[-1].records_done == seen[-1].records_total == first.records
    assert set(seen[-1].total) == set(ACCEPTED_PROFESSIONALS.topics)
    assert [p.records_done for p in seen] == sorted(p.records_done for p in seen)

    assert rebuilt == incremental
    assert rebuilt.model_dump()["tracks"] == incremental.model_dump()["tracks"]
    copies = duplicated(events)
    assert partial.records + first.records == len(events) + len(copies) + 1
    handled = [
        e for e in copies if isinstance(e, CallOpened | ApplicantAccepted | ApplicantWithdrew)
    ]
    assert first.duplicates + partial.duplicates == len(handled)

    # Running it again over the same events changes nothing.
    (again,) = await rebuild(
        database_url,
        bootstrap_servers=kafka,
        projections=[ACCEPTED_PROFESSIONALS.name],
        topic_prefix=topic_prefix,
    )
    assert again.records == 0
    assert await report_in(database_url) == incremental

    dead = await read_records(kafka, dead_letter_topic(calls_topic), expected=2)
    groups = {dict(record.headers)[DLT_CONSUMER_GROUP] for record in dead}
    assert REBUILD_GROUP.encode() in groups
    assert all(record.value == b"{not json" for record in dead)


async def test_rebuild_refuses_a_database_the_live_subscriber_built(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    events, _ = generated_events(seed=3)
    await publish(kafka, topic_prefix, events[:20])
    runtime = reporting_runtime(kafka, topic_prefix, sqlite_url)
    async with running(runtime):

        async def has_rows() -> bool:
            report = await report_of(runtime)
            return any(progress.target for progress in report.tracks)

        await eventually(has_rows, timeout=60)
    with pytest.raises(RebuildError, match="fresh database"):
        await rebuild(sqlite_url, bootstrap_servers=kafka, topic_prefix=topic_prefix)
