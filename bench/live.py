"""Live projections: reporting's projection subscribers, as the running service binds them
(`register_subscriptions`, one transaction per fetch and partition), fed the bench's events as a
backlog. The unit is the raw consume's: each event read counts once, however many projections
apply it; the clock runs from the first record settled to the last, so joining the consumer
groups and migrating the database are not timed. The public feed's group is left out: it writes
outbox rows for partners, not a read model."""

import asyncio
import time
from collections.abc import Sequence

from diaspora_shared.runtime.service import ServiceRuntime
from reporting.entrypoints.app import MIGRATIONS as REPORTING_MIGRATIONS
from reporting.entrypoints.subscriptions import positioned_batch, positioned_handlers
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.settings import ReportingSettings

from .events import Record

__all__ = ["PROJECTIONS", "live_projections"]

POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 600.0
SLOWEST_EXPECTED_EPS = 500  # a backlog slower than this fails the run rather than hanging it


def projections_runtime(bootstrap: str, prefix: str, database_url: str) -> ServiceRuntime:
    settings = ReportingSettings(
        kafka_bootstrap_servers=bootstrap,
        kafka_topic_prefix=prefix,
        database_url=database_url,
        log_level="WARNING",
    )
    runtime = ServiceRuntime(settings, migrations=REPORTING_MIGRATIONS)
    for projection in PROJECTIONS.values():
        runtime.consume(
            projection.group, positioned_handlers(projection), batch=positioned_batch(projection)
        )
    return runtime


def records_per_group(records: Sequence[Record], prefix: str) -> dict[str, int]:
    """How many records each projection's group reads (every record of its topics)."""
    by_topic: dict[str, int] = {}
    for record in records:
        topic = record.topic.removeprefix(prefix)
        by_topic[topic] = by_topic.get(topic, 0) + 1
    return {
        projection.group: sum(by_topic.get(topic, 0) for topic in projection.topics)
        for projection in PROJECTIONS.values()
    }


async def live_projections(
    bootstrap: str, prefix: str, database_url: str, records: Sequence[Record]
) -> tuple[float, dict[str, dict[str, int]]]:
    """Events/s through every live projection (each event once), and what each group settled."""
    expected = records_per_group(records, prefix)
    runtime = projections_runtime(bootstrap, prefix, database_url)
    await runtime.start()
    try:
        patience = TIMEOUT_SECONDS + len(records) / SLOWEST_EXPECTED_EPS
        first, last = await _settling_window(runtime, expected, patience)
        outcomes = runtime.consumer_metrics()
    finally:
        await runtime.stop()
    return len(records) / (last - first), outcomes


async def _settling_window(
    runtime: ServiceRuntime, expected: dict[str, int], patience: float
) -> tuple[float, float]:
    deadline = time.perf_counter() + patience
    first: float | None = None
    while time.perf_counter() < deadline:
        settled = {group: sum(c.values()) for group, c in runtime.consumer_metrics().items()}
        now = time.perf_counter()
        if first is None and any(settled.values()):
            first = now
        if first is not None and all(settled.get(g, 0) >= n for g, n in expected.items()):
            return first, now
        await asyncio.sleep(POLL_SECONDS)
    raise RuntimeError(f"live projections did not settle {expected} in {patience:g} s")
