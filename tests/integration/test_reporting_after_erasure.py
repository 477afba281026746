"""Every legal order of events after an applicant's data is erased, on a real broker, on SQLite
and on PostgreSQL: the live funnel and accepted-professionals report equal the counts computed
from the scenario's own record of what happened, nothing valid is dead-lettered, no erased id is
stored, and a rebuild of every projection gives the same reports as the live subscribers."""

from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    ApplicantDataErased,
    ApplicationReviewed,
    ApplicationScreened,
    IntegrationEvent,
)
from diaspora_shared.contracts.topics import dead_letter_topic
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.subscriptions import kafka_group_id
from reporting.entrypoints.rebuild_cli import rebuild
from reporting.entrypoints.subscriptions import (
    ACCEPTED_PROFESSIONALS_GROUP,
    RECRUITMENT_FUNNEL_GROUP,
)
from reporting.service_layer.funnel_queries import recruitment_funnel
from reporting.service_layer.queries import accepted_professionals

from ..kafka_helpers import eventually
from ..runtimes import accepted_in, report_of, reporting_runtime, running
from .test_funnel_projection import (
    AT,
    Applicant,
    consumed_to_end,
    events_of,
    every_stored_value,
    expected_report,
    funnel_of,
    publish_all,
)

Published = list[IntegrationEvent | tuple[IntegrationEvent, Envelope]]


def person(sex: Sex = Sex.FEMALE, country: str = "BE", **stages: object) -> Applicant:
    return Applicant(application_id=uuid4(), track=Track.TVET, sex=sex, country=country, **stages)  # type: ignore[arg-type]


def erasure_of(someone: Applicant) -> ApplicantDataErased:
    return ApplicantDataErased(
        application_id=someone.application_id, call_id=someone.call_id, erased_at=AT
    )


def erased_at(someone: Applicant, position: int) -> list[IntegrationEvent]:
    """The applicant's events with the erasure inserted before the event at `position`."""
    events = events_of(someone)
    return [*events[:position], erasure_of(someone), *events[position:]]


def scenario() -> tuple[list[Applicant], list[IntegrationEvent]]:
    """Each erasure position recruitment can publish, plus deliveries out of order."""
    before_screening = person(Sex.MALE, "FR", eligible=False)
    before_review = person(eligible=True, reviewed=True, offered=True, outcome="expired")
    between_reviews = person(Sex.MALE, "DE", eligible=True, reviewed=True)
    waiting_list = person(eligible=True, reviewed=True, offered=True, outcome="declined")
    after_acceptance = person(
        Sex.MALE, "NL", eligible=True, reviewed=True, offered=True, outcome="accepted"
    )
    withdrew_after = person(
        eligible=True, reviewed=True, offered=True, outcome="accepted", withdrawn=True
    )
    review_again = events_of(between_reviews)[2].model_copy(update={"reviews": 3})
    assert isinstance(review_again, ApplicationReviewed)
    events = [
        *erased_at(before_screening, 1),
        *erased_at(before_review, 2),
        *erased_at(between_reviews, 3),
        review_again,
        *erased_at(waiting_list, 3),
        *erased_at(after_acceptance, 5),
        *erased_at(withdrew_after, 5),
    ]
    people = [
        before_screening,
        before_review,
        between_reviews,
        waiting_list,
        after_acceptance,
        withdrew_after,
    ]
    late_people, late_events = delivered_out_of_order()
    return [*people, *late_people], [*events, *late_events]


def delivered_out_of_order() -> tuple[list[Applicant], list[IntegrationEvent]]:
    """An officer's override arrives before the failed screening it replaced; a withdrawal
    after acceptance arrives before the acceptance."""
    overridden = person(Sex.MALE, "GB", eligible=True, overridden=True, reviewed=True)
    submitted, failed, passed, reviewed = events_of(overridden)
    assert isinstance(passed, ApplicationScreened) and isinstance(failed, ApplicationScreened)
    later = passed.model_copy(update={"screened_at": failed.screened_at + timedelta(hours=1)})
    swapped = person(Sex.MALE, "SE", eligible=True, reviewed=True, offered=True, outcome="accepted")
    swapped.withdrawn = True
    *before, accepted, withdrew = events_of(swapped)
    events = [submitted, later, failed, erasure_of(overridden), reviewed]
    return [overridden, swapped], [*events, *before, withdrew, accepted]


def expected_accepted(people: list[Applicant]) -> dict[Sex, int]:
    counted = Counter(p.sex for p in people if p.outcome == "accepted" and not p.withdrawn)
    return {sex: counted[sex] for sex in Sex}


async def dead_letters_on(kafka: str, topic: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    assert not described["error_code"], described
    partitions = [TopicPartition(topic, part["partition"]) for part in described["partitions"]]
    reader = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    await reader.start()
    try:
        ends: dict[TopicPartition, int] = await reader.end_offsets(partitions)
    finally:
        await reader.stop()
    return sum(ends.values())


@pytest.fixture
async def rebuilt_url(database_url: str, request: pytest.FixtureRequest) -> str:
    if database_url.startswith("sqlite"):
        return database_url.replace("service.db", "rebuilt.db")
    url: str = await request.getfixturevalue("new_postgres_database")()
    return url


async def test_every_erasure_position_counts_once_live_and_rebuilt(
    kafka: str, topic_prefix: str, database_url: str, rebuilt_url: str
) -> None:
    people, events = scenario()
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    sent = await publish_all(kafka, topic, list(events))
    # Redeliveries with the same ids: a submission and an acceptance after their erasure, and
    # an erasure itself.
    by_type = {
        type(event).__name__: (event, envelope)
        for event, envelope in zip(events, sent, strict=True)
    }
    again: Published = [
        (events[0], sent[0]),
        by_type["ApplicantAccepted"],
        by_type["ApplicantDataErased"],
    ]
    await publish_all(kafka, topic, again)
    expected = expected_report(people)

    async with running(reporting_runtime(kafka, topic_prefix, database_url)) as reporting:
        for group in (RECRUITMENT_FUNNEL_GROUP, ACCEPTED_PROFESSIONALS_GROUP):
            group_id = kafka_group_id(group, topic_prefix)
            await eventually(lambda g=group_id: consumed_to_end(kafka, topic, g), timeout=60)
        live_funnel = await funnel_of(reporting)
        live_accepted = await report_of(reporting)
        stored = await every_stored_value(reporting)

    assert live_funnel == expected
    assert accepted_in(live_accepted, Track.TVET) == expected_accepted(people)
    assert await dead_letters_on(kafka, dead_letter_topic(topic)) == 0
    erased = [p for p in people if p is not people[-1]]
    for someone in erased:
        assert str(someone.application_id) not in stored
        assert someone.application_id.hex not in stored

    await rebuild(rebuilt_url, bootstrap_servers=kafka, topic_prefix=topic_prefix)
    database = Database(rebuilt_url)
    try:
        async with database.session() as session:
            assert await recruitment_funnel(session) == live_funnel
            assert await accepted_professionals(session) == live_accepted
    finally:
        await database.dispose()
