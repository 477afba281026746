"""One rebuild pass feeds every projection: each still resumes from its own offsets, so a
projection rebuilt halfway alone and then finished together with the others applies every
event once, and a malformed record is dead-lettered once, not once per projection."""

from diaspora_shared.contracts.events import CallOpened
from diaspora_shared.contracts.topics import dead_letter_topic, qualified
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.dead_letters import DeadLetterPublisher
from diaspora_shared.runtime.kafka import create_producer
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.entrypoints.app import MIGRATIONS
from reporting.entrypoints.rebuild_cli import rebuild
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.funnel_queries import recruitment_funnel
from reporting.service_layer.queries import accepted_professionals
from reporting.service_layer.rebuild import REBUILD_GROUP, ProjectionRebuild

from ..conftest import DatabaseFactory
from ..kafka_helpers import produce_raw, read_records
from .test_projection_rebuild import SOURCE, duplicated, generated_events, publish


async def test_staggered_projections_finish_in_one_pass_each_applying_every_event_once(
    kafka: str, topic_prefix: str, database_url: str, new_postgres_database: DatabaseFactory
) -> None:
    events, _ = generated_events(seed=5)
    await publish(kafka, topic_prefix, events)
    calls_topic = qualified(CallOpened.topic, topic_prefix)
    await produce_raw(
        kafka,
        calls_topic,
        value=b"{not json",
        key=b"broken",
        headers=[
            ("ce_id", b"not-a-valid-event"),
            ("ce_source", SOURCE.encode()),
            ("ce_type", CallOpened.event_type.encode()),
            ("ce_specversion", b"1.0"),
        ],
    )
    records = len(events) + len(duplicated(events)) + 1

    # The reference: every projection rebuilt in one uninterrupted run.
    reference_url = database_url.replace("service.db", "reference.db")
    if not database_url.startswith("sqlite"):
        reference_url = await new_postgres_database()
    reference_stats = await rebuild(
        reference_url, bootstrap_servers=kafka, topic_prefix=topic_prefix
    )
    read_by = {stats.projection: stats.records for stats in reference_stats}
    assert read_by[ACCEPTED_PROFESSIONALS.name] == records

    # One projection rebuilt alone and stopped after two small batches...
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    producer = create_producer(kafka, REBUILD_GROUP)
    await producer.start()
    try:
        (partial,) = await ProjectionRebuild(
            database,
            [ACCEPTED_PROFESSIONALS],
            bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            dead_letters=DeadLetterPublisher(producer, REBUILD_GROUP),
            max_records=40,
        ).run(max_batches=2)
    finally:
        await producer.stop()
        await database.dispose()
    assert 0 < partial.records < records

    # ... then all of them together: the others start from the beginning, it goes on.
    every = {
        stats.projection: stats
        for stats in await rebuild(database_url, bootstrap_servers=kafka, topic_prefix=topic_prefix)
    }
    assert set(every) == set(PROJECTIONS)
    assert every[ACCEPTED_PROFESSIONALS.name].records + partial.records == records
    for name in set(PROJECTIONS) - {ACCEPTED_PROFESSIONALS.name}:
        assert every[name].records == read_by[name]

    staggered, reference = Database(database_url), Database(reference_url)
    try:
        async with staggered.session() as mine, reference.session() as theirs:
            assert await accepted_professionals(mine) == await accepted_professionals(theirs)
            assert await recruitment_funnel(mine) == await recruitment_funnel(theirs)
    finally:
        await staggered.dispose()
        await reference.dispose()

    # The malformed record: once by the reference run, once by the partial run (it read it
    # first), never again by the run that finished three projections reading that topic.
    # Asking for one more than that waits a few seconds and finds none.
    dead = await read_records(kafka, dead_letter_topic(calls_topic), expected=3, timeout=5)
    assert len(dead) == 2
    assert all(record.value == b"{not json" for record in dead)
