"""Two bridge replicas on one PostgreSQL database never take the same delivery: concurrent
claims lease distinct rows (FOR UPDATE SKIP LOCKED), never a second event of a key whose first
is under way, and two running dispatchers deliver every event exactly once, each key in order."""

import asyncio
from collections import Counter
from datetime import timedelta

from diaspora_shared.runtime.database import Database
from reporting.service_layer.webhook_claims import claim_next

from ..conftest import DatabaseFactory
from ..kafka_helpers import eventually
from ..webhook_receiver import running_receiver
from .webhook_support import (
    accepted_event,
    approved_subscription,
    arrived,
    deliveries,
    dispatching,
    event_ids,
    fast_policy,
    migrated,
)

LEASE = timedelta(seconds=60)


async def test_concurrent_claims_take_distinct_deliveries(
    new_postgres_database: DatabaseFactory,
) -> None:
    url = await new_postgres_database()
    first, second = await migrated(url), Database(url)
    try:
        subscription, _ = await approved_subscription(first, "http://127.0.0.1:9/unused")
        # Ten keys, two events each: at most the ten first events may be under way at once.
        await arrived(first, *(accepted_event(n, f"call-{n % 10}") for n in range(20)))
        claims = await asyncio.gather(
            *(claim_next(db, subscription, LEASE) for db in [first, second] * 10)
        )
        taken = [claim.delivery for claim in claims if claim is not None]
        assert taken, "no claim succeeded"
        assert len({row.seq for row in taken}) == len(taken)
        assert len({row.event_key for row in taken}) == len(taken)

        # The rest is taken one by one: the first event of every key, each once; the second
        # events wait behind their key's first, which is still under way.
        while (claim := await claim_next(second, subscription, LEASE)) is not None:
            taken.append(claim.delivery)
        firsts = {accepted_event(n, f"call-{n}")[0].id for n in range(10)}
        assert len({row.seq for row in taken}) == len(taken) == 10
        assert {row.event_id for row in taken} == firsts
    finally:
        await first.dispose()
        await second.dispose()


async def test_two_replicas_deliver_every_event_exactly_once(
    new_postgres_database: DatabaseFactory,
) -> None:
    url = await new_postgres_database()
    replica_a, replica_b = await migrated(url), Database(url)
    async with running_receiver() as receiver:
        paths = ("ministry", "polytechnic", "hospital")
        subscriptions = [
            (await approved_subscription(replica_a, receiver.url(path), org))[0]
            for path, org in zip(paths, ("MINEDUC", "RP", "MOH"), strict=True)
        ]
        events = [accepted_event(n, f"call-{n % 4}") for n in range(30)]
        await arrived(replica_a, *events)

        async def all_delivered() -> bool:
            rows = [row for s in subscriptions for row in await deliveries(replica_a, s)]
            return len(rows) == 90 and all(row.status == "delivered" for row in rows)

        try:
            async with dispatching(replica_a, fast_policy()), dispatching(replica_b, fast_policy()):
                assert await eventually(all_delivered, timeout=60)
        finally:
            await replica_a.dispose()
            await replica_b.dispose()

    expected = {event.id for event, _key in events}
    for path in paths:
        arrival = event_ids([r.body for r in receiver.delivered_to(path)])
        received = Counter(arrival)
        assert set(received) == expected
        assert max(received.values()) == 1, f"{path} received an event twice"
        for key in {key for _event, key in events}:  # each key's events in their order
            sent = [event.id for event, k in events if k == key]
            assert [event_id for event_id in arrival if event_id in sent] == sent
