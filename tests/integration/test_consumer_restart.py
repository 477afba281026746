"""A reporting process killed without leaving its consumer groups: restarted with the same
instance name it reads again at once (static membership), and its HTTP readiness never waits
for a consumer group to settle."""

import time
from pathlib import Path

from diaspora_shared.contracts.events import APPLICATIONS_TOPIC
from diaspora_shared.contracts.vocabulary import Sex, Track
from diaspora_shared.runtime.database import Database
from reporting.service_layer.queries import accepted_professionals

from ..kafka_helpers import eventually
from ..processes import ServiceProcess, free_port
from ..runtimes import accepted_in, reporting_runtime, running
from .test_consumer import accepted_event, publish_event

SESSION_TIMEOUT_SECONDS = 60


def reporting_process(
    kafka: str, prefix: str, database_url: str, instance: str, log: Path
) -> tuple[ServiceProcess, str]:
    port = free_port()
    env = {
        "REPORTING_KAFKA_BOOTSTRAP_SERVERS": kafka,
        "REPORTING_KAFKA_TOPIC_PREFIX": prefix,
        "REPORTING_DATABASE_URL": database_url,
        "REPORTING_HTTP_PORT": str(port),
        "REPORTING_CONSUMER_INSTANCE_NAME": instance,
        "REPORTING_CONSUMER_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_SECONDS * 1000),
    }
    return ServiceProcess("reporting", env, log).start(), f"http://127.0.0.1:{port}"


async def women_accepted(database_url: str, expected: int) -> bool:
    database = Database(database_url)
    try:
        async with database.session() as session:
            report = await accepted_professionals(session)
    finally:
        await database.dispose()
    return accepted_in(report, Track.TVET)[Sex.FEMALE] == expected


async def killed_after_first_event(
    kafka: str, topic_prefix: str, sqlite_url: str, log: Path
) -> float:
    """Runs `reporting-1` until it applied one event, SIGKILLs it, publishes a second event;
    returns when the kill happened."""
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_event(kafka, topic, accepted_event(1))
    first, url = reporting_process(kafka, topic_prefix, sqlite_url, "reporting-1", log)
    try:
        first.wait_ready(url)
        await eventually(lambda: women_accepted(sqlite_url, 1), timeout=30)
    finally:
        first.kill()
    killed_at = time.monotonic()
    await publish_event(kafka, topic, accepted_event(2))
    return killed_at


async def test_a_restarted_instance_takes_its_partitions_back_at_once(
    kafka: str, topic_prefix: str, sqlite_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "reporting.log"
    killed_at = await killed_after_first_event(kafka, topic_prefix, sqlite_url, log)

    again, url = reporting_process(kafka, topic_prefix, sqlite_url, "reporting-1", log)
    try:
        again.wait_ready(url)
        ready_at = time.monotonic()
        await eventually(lambda: women_accepted(sqlite_url, 2), timeout=SESSION_TIMEOUT_SECONDS)
        reading_again_after = time.monotonic() - ready_at
    finally:
        again.stop()

    # Only a restart inside the dead member's session proves anything about static membership.
    assert ready_at - killed_at < SESSION_TIMEOUT_SECONDS, "restart too slow to tell"
    assert reading_again_after < 10, reading_again_after


async def test_readiness_does_not_wait_for_the_consumer_group(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    topic = f"{topic_prefix}{APPLICATIONS_TOPIC}"
    await publish_event(kafka, topic, accepted_event(1))
    session = {"consumer_session_timeout_ms": 15_000}
    first = reporting_runtime(
        kafka, topic_prefix, sqlite_url, consumer_instance_name="reporting-1", **session
    )
    async with running(first):
        await eventually(lambda: women_accepted(sqlite_url, 1))
    # A static member leaves no group when it stops: as after a crash, the group keeps its
    # partitions until its session expires, and a member with another name must wait for that.
    stopped_at = time.monotonic()
    await publish_event(kafka, topic, accepted_event(2))
    other = reporting_runtime(
        kafka, topic_prefix, sqlite_url, consumer_instance_name="reporting-2", **session
    )
    async with running(other):
        for check in other.readiness_checks().values():
            await check()
        ready_after = time.monotonic() - stopped_at
        assert await women_accepted(sqlite_url, 1), "read before the dead session expired"
        await eventually(lambda: women_accepted(sqlite_url, 2), timeout=40)
    assert ready_after < 10, ready_after

    # Stopping while the group still waits for the stopped member's session does not hang.
    third = reporting_runtime(
        kafka, topic_prefix, sqlite_url, consumer_instance_name="reporting-3", **session
    )
    await third.start()
    stopping_at = time.monotonic()
    await third.stop()
    assert time.monotonic() - stopping_at < 5
