"""Concurrency on PostgreSQL: twenty simultaneous payment requests for one approved tranche
record exactly one disbursement; concurrent awards never exceed the envelope together."""

import asyncio
from collections import Counter

from ..unit.grants_fakes import call_spec, rwf
from .recruitment_http import count_rows
from .test_grants_http import (
    Client,
    approved_application,
    approved_tranche,
    award_terms,
    grants,
    officer,
    pilot,
    post,
    reviewer,
)

__all__ = ["grants"]  # the fixture, imported for pytest

DISBURSED = "event_type = 'grants.grant.disbursed.v1'"


async def test_twenty_simultaneous_payments_of_one_tranche_pay_it_once(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    tranche = await approved_tranche(client, grant_id)

    async def pay(n: int) -> int:
        body = {"payment_reference": f"PAY-RACE-{n:02d}", "disbursed_on": "2026-05-20"}
        response = await client.post(f"{tranche}/disbursement", json=body, headers=officer())
        return response.status_code

    statuses = Counter(await asyncio.gather(*(pay(n) for n in range(20))))

    assert statuses == Counter({200: 1, 409: 19})
    assert await count_rows(runtime, "disbursements") == 1
    assert await count_rows(runtime, "outbox_messages", DISBURSED) == 1


async def test_concurrent_awards_stay_within_the_envelope(grants: Client) -> None:
    client, runtime = grants
    spec = call_spec(envelope=30_000_000, ceiling=20_000_000).model_dump(mode="json")
    call = await post(client, "/grants/calls", spec, officer())
    grant_ids = []
    for project in ("PP-R1", "PP-R2", "PP-R3"):
        budget = {"sector": "ict", "budget": [{"item": "kit", "amount": rwf(15_000_000)}]}
        path = f"/grants/calls/{call['call_id']}/applications"
        grant_id = (await post(client, path, budget, pilot(project)))["application_id"]
        base = f"/grants/applications/{grant_id}"
        await post(client, f"{base}/screening", {}, officer())
        await post(client, f"{base}/reviewers", {"reviewer": "reviewer-1"}, officer())
        await post(
            client,
            f"{base}/reviews",
            {"scores": {"impact": 3, "feasibility": 3}},
            reviewer(),
        )
        await post(client, f"{base}/decision", {"approve": True}, officer())
        grant_ids.append(grant_id)

    async def award(grant_id: str) -> int:
        response = await client.post(
            f"/grants/applications/{grant_id}/award",
            json=award_terms(15_000_000),
            headers=officer(),
        )
        return response.status_code

    statuses = Counter(await asyncio.gather(*(award(g) for g in grant_ids)))

    assert statuses == Counter({200: 2, 409: 1})
    awarded = "event_type = 'grants.grant.awarded.v1'"
    assert await count_rows(runtime, "outbox_messages", awarded) == 2
