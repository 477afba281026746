"""On real Kafka and PostgreSQL: after the live subscribers applied a history, every report
says exactly what it includes, per projection and topic-partition the offset of the last
record of a type the projection reads, and the time of the newest event applied; a rebuild of
every projection gives the same indicators."""

from typing import Any

from aiokafka import AIOKafkaProducer

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.runtime.database import Database
from reporting.entrypoints.rebuild_cli import rebuild
from reporting.service_layer.as_of import AsOf, as_of
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.indicator_report import organisation_indicators

from ..kafka_helpers import eventually
from ..runtimes import reporting_runtime, running
from .indicator_stream import programme_history

Position = tuple[str, str, int]


async def publish_all(kafka: str, prefix: str, events: list[IntegrationEvent]) -> list[Any]:
    """Each event as its producer would send it; the sent envelope and where it landed."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all", enable_idempotence=True)
    await producer.start()
    sent = []
    try:
        for event in events:
            envelope = envelope_for(event, source="/iom/diaspora/test")
            landed = await producer.send_and_wait(
                qualified(event.topic, prefix),
                value=envelope.data,
                key=envelope.key.encode(),
                headers=envelope.kafka_headers(),
            )
            sent.append((event, envelope, landed))
    finally:
        await producer.stop()
    return sent


def expected_positions(sent: list[Any]) -> dict[Position, int]:
    positions: dict[Position, int] = {}
    for event, _envelope, landed in sent:
        for projection in PROJECTIONS.values():
            if type(event) in projection.rules:
                key = (projection.name, landed.topic, landed.partition)
                positions[key] = max(positions.get(key, -1), landed.offset)
    return positions


def shown(included: AsOf) -> dict[Position, int]:
    return {(p.projection, p.topic, p.partition): p.last_offset for p in included.partitions}


async def test_every_report_says_what_it_includes(
    kafka: str, topic_prefix: str, postgres_url: str
) -> None:
    sent = await publish_all(kafka, topic_prefix, programme_history())
    expected = expected_positions(sent)
    runtime = reporting_runtime(kafka, topic_prefix, postgres_url)
    async with running(runtime):

        async def caught_up() -> AsOf | None:
            async with runtime.database.session() as session:
                included = await as_of(session)
            return included if shown(included) == expected else None

        included = await eventually(caught_up, timeout=60)
        async with runtime.database.session() as session:
            report = await organisation_indicators(session, "MOH")

    assert included.newest_event_at == max(envelope.time for _, envelope, _ in sent)
    assert report.as_of == included
    assert {projection for projection, _, _ in expected} == set(PROJECTIONS)


async def test_rebuilt_indicators_equal_the_live_ones(
    kafka: str, topic_prefix: str, new_postgres_database: Any
) -> None:
    sent = await publish_all(kafka, topic_prefix, programme_history())
    expected = expected_positions(sent)
    live_url, rebuilt_url = await new_postgres_database(), await new_postgres_database()
    runtime = reporting_runtime(kafka, topic_prefix, live_url)
    async with running(runtime):

        async def caught_up() -> bool:
            async with runtime.database.session() as session:
                return shown(await as_of(session)) == expected

        await eventually(caught_up, timeout=60)
        async with runtime.database.session() as session:
            live = await organisation_indicators(session, "IOM-RW")
    await rebuild(rebuilt_url, bootstrap_servers=kafka, topic_prefix=topic_prefix)
    database = Database(rebuilt_url)
    try:
        async with database.session() as session:
            rebuilt = await organisation_indicators(session, "IOM-RW")
    finally:
        await database.dispose()

    assert rebuilt.indicators == live.indicators
    # A rebuild's position is the last record it read, applied or skipped as another's type.
    rebuilt_positions = shown(rebuilt.as_of)
    assert all(rebuilt_positions[key] >= offset for key, offset in expected.items())
