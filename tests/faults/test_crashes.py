"""Under a load of commands through the gateway on PostgreSQL, reporting, recruitment (its
outbox relay included) and the Kafka broker are SIGKILLed in turn and restarted; a flood of
undecodable records and of events of an unknown type is mixed in. At the end nothing committed
is lost, nothing is applied twice, and the read models equal what recruitment's database says."""

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.events import (
    APPLICATIONS_TOPIC,
    CALLS_TOPIC,
    ApplicantAccepted,
    ApplicantWithdrew,
    ApplicationSubmitted,
    CallOpened,
)
from diaspora_shared.contracts.topics import dead_letter_topic
from diaspora_shared.runtime.dead_letters import DLT_CONSUMER_GROUP

from ..kafka_helpers import eventually
from . import evidence
from .conftest import FaultPlatform
from .load import Load
from .poison import UNKNOWN_TYPE
from .schedule import FaultFigures, crash_in_turn

# Generous: three restarts and the catch-up take minutes on a busy two-core machine.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]

COMMAND_CAP = 1500
COMMAND_EVENTS = {
    CallOpened.event_type: "call",
    ApplicationSubmitted.event_type: "submit",
    ApplicantAccepted.event_type: "accept",
    ApplicantWithdrew.event_type: "withdraw",
}


async def test_crashes_lose_nothing_and_apply_nothing_twice(fault_platform: FaultPlatform) -> None:
    platform = fault_platform
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=10) as client:
        load = Load(platform, client)
        call_ids = [await load.open_call(), await load.open_call()]
        stop = asyncio.Event()
        load_task = asyncio.create_task(load.run(call_ids, stop, workers=4, cap=COMMAND_CAP))
        faults = await crash_in_turn(platform, load, load_task)
        stop.set()
        await load_task

    recruitment_db = platform.database_urls["recruitment"]
    outbox = await eventually(lambda: _all_sent(recruitment_db), timeout=180)
    committed = Counter(
        COMMAND_EVENTS[e.event_type] for e in outbox if e.event_type in COMMAND_EVENTS
    )
    _assert_acknowledged_commands_committed(load.figures.acknowledged, outbox)

    on_kafka = await _domain_records(platform.broker.bootstrap)
    kafka_ids = Counter(evidence.header(record, "ce_id") or "" for record in on_kafka)
    outbox_ids = {event.event_id for event in outbox}
    lost = outbox_ids - kafka_ids.keys()
    assert not lost, f"{len(lost)} committed events never reached Kafka"
    foreign = kafka_ids.keys() - outbox_ids - set(faults.unknown_ids) - {""}
    assert not foreign, f"events on Kafka with ids recruitment never wrote: {sorted(foreign)[:5]}"
    resent = sum(count - 1 for event_id, count in kafka_ids.items() if event_id in outbox_ids)

    processed = await _every_group_caught_up(platform, outbox)
    duplicated = {group: len(ids) - len(set(ids)) for group, ids in processed.items()}
    assert not any(duplicated.values()), duplicated
    await _assert_read_models_equal_ground_truth(platform, outbox)
    dead = await evidence.read_whole_topic(
        platform.broker.bootstrap, dead_letter_topic(APPLICATIONS_TOPIC)
    )
    unknown_dead = [r for r in dead if evidence.header(r, "ce_type") == UNKNOWN_TYPE]
    skipped = _skipped_per_group(faults.unknown_ids, processed, unknown_dead)

    figures = {
        "commands sent": load.figures.sent,
        "commands answered 2xx": load.figures.answered_ok,
        "commands refused 4xx": load.figures.refused,
        "commands failed (5xx or no answer)": load.figures.failed,
        "commands committed": f"{sum(committed.values())} {dict(committed)}",
        "kills": f"{len(faults.kills)} ({', '.join(faults.kills)})",
        "events committed": len(outbox_ids),
        "events lost": len(lost),
        "events re-sent (same ce_id)": resent,
        "duplicated effects": sum(duplicated.values()),
        "dead-lettered": f"{len(dead)} (of them unknown type: {len(unknown_dead)})",
        "skipped (unknown type), per group": skipped,
        "broker usable after restart (s)": f"{faults.broker_usable_after_seconds:.1f}",
        "timeline (s)": faults.timeline,
    }
    print("\nfault suite figures:\n" + "\n".join(f"  {k}: {v}" for k, v in figures.items()))
    await _assert_poison_dead_lettered(platform, faults, dead)
    assert not unknown_dead, "events of an unknown type must be skipped, not dead-lettered"
    assert set(skipped.values()) == {len(faults.unknown_ids)}, skipped


async def _all_sent(recruitment_db: str) -> list[evidence.OutboxEvent] | None:
    events = await evidence.outbox_events(recruitment_db)
    return events if all(event.sent for event in events) else None


def _assert_acknowledged_commands_committed(
    acknowledged: list[tuple[str, str]], outbox: list[evidence.OutboxEvent]
) -> None:
    """A command answered 2xx has its event in recruitment's outbox."""
    recorded = {
        (COMMAND_EVENTS[e.event_type], e.key) for e in outbox if e.event_type in COMMAND_EVENTS
    }
    missing = [command for command in acknowledged if command not in recorded]
    assert not missing, f"acknowledged but not committed: {missing[:5]}"


async def _domain_records(bootstrap: str) -> list[Any]:
    records: list[Any] = []
    for topic in (CALLS_TOPIC, APPLICATIONS_TOPIC):
        records += await evidence.read_whole_topic(bootstrap, topic)
    return records


async def _every_group_caught_up(
    platform: FaultPlatform, outbox: list[evidence.OutboxEvent]
) -> dict[str, list[str]]:
    """Each consumer group has recorded exactly the events of the types it handles."""
    expected = {
        group: {event.event_id for event in outbox if event.event_type in types}
        for group, types in evidence.event_types_by_group().items()
    }

    async def caught_up() -> dict[str, list[str]] | None:
        processed = await evidence.processed_event_ids(platform.database_urls["reporting"])
        ok = all(set(processed.get(group, [])) == ids for group, ids in expected.items())
        return processed if ok else None

    processed: dict[str, list[str]] = await eventually(caught_up, timeout=180)
    # Past the last record too: the poison and unknown events behind it were dealt with.
    await eventually(
        lambda: evidence.groups_at_end_of_topics(platform.broker.bootstrap), timeout=60
    )
    return processed


async def _assert_read_models_equal_ground_truth(
    platform: FaultPlatform, outbox: list[evidence.OutboxEvent]
) -> None:
    recruitment_db = platform.database_urls["recruitment"]
    reporting_db = platform.database_urls["reporting"]
    truth = await evidence.accepted_by_track_and_sex(recruitment_db)
    assert await evidence.reported_accepted(reporting_db) == truth

    statuses = await evidence.application_statuses(recruitment_db)
    ever_accepted = {e.key for e in outbox if e.event_type == ApplicantAccepted.event_type}
    expected_funnel = {
        application_id: (application_id in ever_accepted, status == "withdrawn")
        for application_id, status in statuses.items()
    }
    assert await evidence.funnel_rows(reporting_db) == expected_funnel


def _skipped_per_group(
    unknown_ids: list[str], processed: dict[str, list[str]], unknown_dead: list[Any]
) -> dict[str, int]:
    """Unknown-type events a group neither applied nor dead-lettered: it skipped them."""
    skipped = {}
    for group in _groups_reading_applications():
        ids = processed.get(group, [])
        dead_here = {
            evidence.header(record, "ce_id")
            for record in unknown_dead
            if evidence.header(record, DLT_CONSUMER_GROUP) == group
        }
        skipped[group] = len(set(unknown_ids) - set(ids) - dead_here)
    return skipped


def _groups_reading_applications() -> list[str]:
    """The groups that read the topic the poison and unknown-type records are written to."""
    by_group = evidence.topics_by_group()
    return sorted(group for group, topics in by_group.items() if APPLICATIONS_TOPIC in topics)


async def _assert_poison_dead_lettered(
    platform: FaultPlatform, faults: FaultFigures, dead: list[Any]
) -> None:
    """Each group copied every undecodable record, and nothing else, to the dead letters."""
    groups = _groups_reading_applications()
    undecodable = Counter(
        evidence.header(record, DLT_CONSUMER_GROUP)
        for record in dead
        if evidence.header(record, "ce_type") is None
    )
    assert undecodable == {group: faults.undecodable for group in groups}
    calls_dead = dead_letter_topic(CALLS_TOPIC)
    assert not await evidence.read_whole_topic(platform.broker.bootstrap, calls_dead)
