"""The public feed on a real broker and PostgreSQL: recruitment, deployment and grants events of
a scenario with known people become public CloudEvents once each (a redelivered source event
included), with ids derived from their source events, and no record of any public topic
carries an application id, a person reference or any of the people's personal values."""

from typing import Any

from sqlalchemy import text

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.public import (
    PUBLIC_SOURCE,
    cloud_event_from_kafka,
    public_event_id,
)
from diaspora_shared.runtime.service import ServiceRuntime
from reporting.service_layer.public_feed import PUBLIC_FEED_GROUP
from reporting.service_layer.public_feed_rules import PUBLIC_DERIVATIONS

from ..kafka_helpers import eventually
from ..public_topics import public_records
from ..runtimes import (
    migrate_recruitment,
    open_call,
    recruitment_runtime,
    reporting_runtime,
    running,
)
from .public_feed_scenario import Scenario, accept, domain_events
from .test_consumer import publish_event

# The call opened, two acceptances, a mission started, a session, a completion, an award, a
# disbursement and jobs verified; the mission plan and the mentor assignment give nothing.
EXPECTED_PUBLIC = 9


async def feed_settled(runtime: ServiceRuntime) -> bool:
    counts = runtime.consumer_metrics().get(PUBLIC_FEED_GROUP, {})
    if (counts.get("applied", 0), counts.get("duplicate", 0)) != (EXPECTED_PUBLIC, 1):
        return False
    async with runtime.database.session() as session:
        unsent = await (await session.connection()).execute(
            text("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
        )
        return bool(unsent.scalar_one() == 0)


async def test_public_topics_carry_each_fact_once_and_nothing_personal(
    kafka: str, topic_prefix: str, new_postgres_database: Any
) -> None:
    scenario = Scenario()
    recruitment = recruitment_runtime(kafka, topic_prefix, await new_postgres_database())
    await migrate_recruitment(recruitment)
    reporting = reporting_runtime(kafka, topic_prefix, await new_postgres_database())
    async with running(recruitment), running(reporting):
        call_id = await open_call(recruitment)
        scenario.application_ids = [await accept(recruitment, call_id, i) for i in (0, 1)]
        sources = domain_events(scenario.application_ids)
        for event, envelope in sources:
            await publish_event(kafka, f"{topic_prefix}{event.topic}", event, envelope)
        started, envelope = sources[1]
        await publish_event(kafka, f"{topic_prefix}{started.topic}", started, envelope)  # again
        await eventually(lambda: feed_settled(reporting), timeout=60)
        ledger = await _ledger_size(reporting)

    records = await public_records(kafka, topic_prefix)
    every = [record for topic in records.values() for record in topic]
    assert len(every) == EXPECTED_PUBLIC == ledger
    events = [cloud_event_from_kafka(r.value, r.headers) for r in every]
    assert all(e.source == PUBLIC_SOURCE for e in events)
    assert _expected_ids(sources) <= {e.id for e in events}
    assert {e.type.rsplit(".", 2)[0].removeprefix("org.iom.diaspora.") for e in events} == {
        "call",
        "professional",
        "mission",
        "training",
        "grant",
        "jobs",
    }
    _assert_nothing_personal(every, scenario.personal_values())


def _expected_ids(sources: list[tuple[IntegrationEvent, Any]]) -> set[str]:
    return {
        public_event_id(rule(event).event_type, envelope.id)
        for event, envelope in sources
        for rule in PUBLIC_DERIVATIONS.get(type(event), ())
    }


def _assert_nothing_personal(records: list[Any], personal: list[str]) -> None:
    for record in records:
        seen = " ".join(
            [(record.key or b"").decode(), (record.value or b"").decode()]
            + [f"{name}={value.decode()}" for name, value in record.headers]
        )
        leaked = [value for value in personal if value.lower() in seen.lower()]
        assert not leaked, f"{record.topic}@{record.offset} carries {leaked}"
        assert "application_id" not in seen and "professional_id" not in seen


async def _ledger_size(runtime: ServiceRuntime) -> int:
    async with runtime.database.session() as session:
        rows = await (await session.connection()).execute(
            text("SELECT count(*) FROM public_feed_published")
        )
        return int(rows.scalar_one())
