"""Where the end-to-end latency goes: each command's path split into stages from the
timestamps the platform already keeps (wall clock, one machine, so the clocks agree).

    scheduled ─► answered             the HTTP command through the gateway (bench clock)
    outbox row created ─► Kafka        relay woken, row read, sent (the record's CreateTime)
    Kafka ─► marked sent               the batch acknowledged, rows stamped sent (off the path)
    Kafka ─► processed                 subscriber fetch, decode, handler (processed_events row)
    processed ─► visible               the consumer's commit and the bench's 5 ms polling
"""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from diaspora_shared.contracts.events import CALLS_TOPIC
from diaspora_shared.contracts.topics import DOMAIN_TOPICS, qualified
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS_GROUP


@dataclass
class CommandTimes:
    """Wall-clock seconds of one command, as seen by the load generator."""

    scheduled: float
    answered: float
    visible: float | None = None


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


async def _outbox_rows(url: str) -> dict[str, tuple[str, float, float | None]]:
    """call id → (event id, row created, row marked sent)."""
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT message_key, event_id, created_at, sent_at FROM outbox_messages"
        )
    finally:
        await connection.close()
    return {
        row["message_key"]: (
            row["event_id"],
            _seconds(row["created_at"]),
            _seconds(row["sent_at"]) if row["sent_at"] is not None else None,
        )
        for row in rows
    }


async def _processed_at(url: str) -> dict[str, float]:
    """When the group whose read model the bench polls applied each event (the other groups,
    the public feed among them, apply it in their own time)."""
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT event_id, processed_at FROM processed_events WHERE consumer_group = $1",
            ACCEPTED_PROFESSIONALS_GROUP,
        )
    finally:
        await connection.close()
    return {row["event_id"]: _seconds(row["processed_at"]) for row in rows}


async def _record_times(bootstrap: str, prefix: str) -> dict[str, float]:
    """call id (record key) → the record's CreateTime, set by the relay's producer."""
    topic = qualified(CALLS_TOPIC, prefix)
    spec = next(spec for spec in DOMAIN_TOPICS if spec.name == CALLS_TOPIC)
    partitions = [TopicPartition(topic, p) for p in range(spec.partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    times: dict[str, float] = {}
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for records in batches.values():
                for record in records:
                    if record.key is not None:
                        times.setdefault(record.key.decode(), record.timestamp / 1000)
            positions = [await consumer.position(tp) for tp in partitions]
            if all(pos >= ends[tp] for pos, tp in zip(positions, partitions, strict=True)):
                break
    finally:
        await consumer.stop()
    return times


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": at(1.0), "n": len(ordered)}


async def breakdown(
    commands: dict[str, CommandTimes],
    *,
    bootstrap: str,
    prefix: str,
    recruitment_database: str,
    reporting_database: str,
) -> dict[str, Any]:
    """Per-stage p50/p95/p99/max in ms, and the stages of the slowest 1% of commands."""
    outbox = await _outbox_rows(recruitment_database)
    processed = await _processed_at(reporting_database)
    records = await _record_times(bootstrap, prefix)
    stages: dict[str, list[float]] = {
        "command": [],
        "answered_to_visible": [],
        "outbox_created_to_kafka": [],
        "kafka_to_marked_sent": [],
        "kafka_to_processed": [],
        "processed_to_visible": [],
    }
    rows: list[tuple[float, dict[str, float]]] = []
    for call_id, times in commands.items():
        if times.visible is None or call_id not in outbox:
            continue
        event_id, created, sent = outbox[call_id]
        kafka = records.get(call_id)
        done = processed.get(event_id)
        if kafka is None or done is None:
            continue
        row = {
            "command": times.answered - times.scheduled,
            "answered_to_visible": max(0.0, times.visible - times.answered),
            "outbox_created_to_kafka": kafka - created,
            "kafka_to_marked_sent": (sent - kafka) if sent is not None else float("nan"),
            "kafka_to_processed": done - kafka,
            "processed_to_visible": times.visible - done,
        }
        for name, value in row.items():
            if value == value:  # not NaN
                stages[name].append(value)
        rows.append((times.visible - times.scheduled, row))
    rows.sort(key=lambda item: item[0], reverse=True)
    slowest = [
        {"total": round(total * 1000, 1)} | {k: round(v * 1000, 1) for k, v in row.items()}
        for total, row in rows[: max(1, len(rows) // 100)]
    ]
    return {name: _summary(values) for name, values in stages.items()} | {"slowest_1pct": slowest}
