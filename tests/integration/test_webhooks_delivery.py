"""Webhook deliveries to a loopback receiver, on SQLite and PostgreSQL: signed CloudEvents,
retries with backoff, failed after the bound and redelivered on request, in order per key, and
a hanging endpoint that never holds another partner's deliveries back."""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import delete

from diaspora_shared.runtime.consumer import ProcessedEvent
from diaspora_shared.runtime.database import Database
from reporting.service_layer.webhook_claims import Backoff
from reporting.service_layer.webhook_log import prune_finished, redeliver
from reporting.service_layer.webhook_signatures import verify_signature

from ..kafka_helpers import eventually
from ..webhook_receiver import Receiver, running_receiver
from .webhook_support import (
    OFFICER,
    accepted_event,
    approved_subscription,
    arrived,
    deliveries,
    dispatching,
    event_ids,
    fast_policy,
    migrated,
)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = await migrated(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with running_receiver() as receiver:
        yield receiver


def all_in(
    database: Database, subscription_id: str, status: str, count: int
) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        rows = await deliveries(database, subscription_id)
        return len(rows) == count and all(row.status == status for row in rows)

    return check


async def test_a_delivery_is_the_signed_cloud_event(database: Database, receiver: Receiver) -> None:
    subscription, secret = await approved_subscription(database, receiver.url("partner"))
    event, _key = accepted_event(1)
    await arrived(database, accepted_event(1))
    async with dispatching(database, fast_policy()):
        assert await eventually(all_in(database, subscription, "delivered", 1))

    [row] = await deliveries(database, subscription)
    [received] = receiver.delivered_to("partner")
    assert json.loads(received.body) == event.model_dump(mode="json")
    assert received.headers["content-type"] == "application/cloudevents+json"
    assert received.headers["webhook-id"] == row.delivery_id
    assert received.headers["webhook-event-type"] == event.type
    assert verify_signature(secret, received.headers["webhook-signature"], received.body)
    assert (row.attempts, row.last_outcome) == (1, "delivered")


async def test_failures_are_retried_until_the_endpoint_accepts(
    database: Database, receiver: Receiver
) -> None:
    subscription, _secret = await approved_subscription(database, receiver.url("flaky"))
    receiver.answer("flaky", 500, 503)
    await arrived(database, accepted_event(1))
    async with dispatching(database, fast_policy()):
        assert await eventually(all_in(database, subscription, "delivered", 1))

    [row] = await deliveries(database, subscription)
    assert row.attempts == 3 == receiver.arrivals["flaky"]
    assert len(receiver.delivered_to("flaky")) == 1


async def test_after_the_bound_a_delivery_fails_and_can_be_redelivered(
    database: Database, receiver: Receiver
) -> None:
    subscription, _secret = await approved_subscription(database, receiver.url("down"))
    receiver.answer("down", 500, 500, 500)
    await arrived(database, accepted_event(1))
    async with dispatching(database, fast_policy()):
        assert await eventually(all_in(database, subscription, "failed", 1))
        [failed] = await deliveries(database, subscription)
        assert (failed.attempts, failed.last_outcome) == (3, "HTTP 500")
        assert receiver.delivered_to("down") == []

        async with database.session() as session:
            await redeliver(session, OFFICER, subscription, failed.delivery_id)
        assert await eventually(all_in(database, subscription, "delivered", 1))

    [received] = receiver.delivered_to("down")
    assert received.headers["webhook-id"] == failed.delivery_id


async def test_a_timed_out_endpoint_is_retried_then_failed(
    database: Database, receiver: Receiver
) -> None:
    subscription, _secret = await approved_subscription(database, receiver.url("slow"))
    receiver.hanging.add("slow")
    await arrived(database, accepted_event(1))
    async with dispatching(database, fast_policy(timeout_seconds=0.2)):
        assert await eventually(all_in(database, subscription, "failed", 1))

    [row] = await deliveries(database, subscription)
    assert (row.attempts, row.last_outcome) == (3, "timed out")
    assert receiver.arrivals["slow"] == 3


async def test_a_later_event_of_a_key_waits_for_the_earlier_one(
    database: Database, receiver: Receiver
) -> None:
    subscription, _secret = await approved_subscription(database, receiver.url("ordered"))
    first, second, elsewhere = accepted_event(1), accepted_event(2), accepted_event(3, "call-b")
    receiver.answer_event(first[0].id, 500, 500)
    await arrived(database, first, second, elsewhere)
    backoff = Backoff(base_seconds=0.3, max_seconds=0.3, max_attempts=5)
    async with dispatching(database, fast_policy(backoff=backoff)):
        assert await eventually(all_in(database, subscription, "delivered", 3))

    order = event_ids([r.body for r in receiver.delivered_to("ordered")])
    assert order.index(first[0].id) < order.index(second[0].id)
    # The other key did not wait: it went while the first event was backing off.
    assert order[0] == elsewhere[0].id


async def test_a_hanging_endpoint_never_delays_another_partner(
    database: Database, receiver: Receiver
) -> None:
    stuck, _ = await approved_subscription(database, receiver.url("hangs"), "MINEDUC")
    prompt, _ = await approved_subscription(database, receiver.url("prompt"), "MOH")
    receiver.hanging.add("hangs")
    await arrived(database, *(accepted_event(n, f"call-{n}") for n in range(5)))
    # The hanging POST is allowed far longer than this test waits for the other partner.
    async with dispatching(database, fast_policy(timeout_seconds=60)):
        assert await eventually(all_in(database, prompt, "delivered", 5), timeout=20)
        assert receiver.arrivals["hangs"] == 1
        assert all(row.status == "pending" for row in await deliveries(database, stuck))


async def test_an_event_taken_again_makes_no_second_delivery(database: Database) -> None:
    subscription, _secret = await approved_subscription(database, "https://93.184.216.34/h")
    await arrived(database, accepted_event(1), accepted_event(1))
    async with database.session() as session:  # its processed id pruned after the horizon
        await session.exec(delete(ProcessedEvent))
        await session.commit()
    await arrived(database, accepted_event(1))
    assert len(await deliveries(database, subscription)) == 1


async def test_finished_deliveries_are_pruned_after_the_retention(database: Database) -> None:
    subscription, _secret = await approved_subscription(database, "https://93.184.216.34/h")
    await arrived(database, *(accepted_event(n, f"call-{n}") for n in range(4)))
    old, recent, failed, pending = await deliveries(database, subscription)
    long_ago, now = datetime.now(UTC) - timedelta(days=40), datetime.now(UTC)
    async with database.session() as session:
        for row, status, finished in (
            (old, "delivered", long_ago),
            (recent, "delivered", now),
            (failed, "failed", long_ago),
        ):
            row.status, row.finished_at = status, finished
            session.add(row)
        await session.commit()

    assert await prune_finished(database, timedelta(days=30)) == 2
    kept = {row.delivery_id for row in await deliveries(database, subscription)}
    assert kept == {recent.delivery_id, pending.delivery_id}


async def test_an_endpoint_now_resolving_to_a_refused_address_gets_nothing(
    database: Database, receiver: Receiver
) -> None:
    subscription, _secret = await approved_subscription(database, receiver.url("moved"))
    await arrived(database, accepted_event(1))
    async with dispatching(database, fast_policy(allow_loopback=False)):
        assert await eventually(all_in(database, subscription, "failed", 1))

    [row] = await deliveries(database, subscription)
    assert row.last_outcome == "refused: the endpoint must use https"
    assert receiver.arrivals["moved"] == 0
