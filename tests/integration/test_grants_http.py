"""Grants over HTTP on PostgreSQL: the lifecycle from call to disbursement, role policies,
pilot project A against pilot project B, and bad input answered 4xx with nothing stored."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from grants.entrypoints.app import create_app
from grants.service_layer.clock import FixedClock
from grants.settings import GrantsSettings

from ..assertions import TEST_ASSERTION_SECRET, as_actor
from ..unit.grants_fakes import call_spec, rwf
from .recruitment_http import count_rows

TODAY = date(2026, 2, 1)
Client = tuple[httpx.AsyncClient, ServiceRuntime]


def officer(name: str = "officer-a") -> dict[str, str]:
    return as_actor(Actor(subject=name, role=Role.IOM_OFFICER), "grants")


def reviewer() -> dict[str, str]:
    return as_actor(Actor(subject="reviewer-1", role=Role.REVIEWER), "grants")


def pilot(code: str) -> dict[str, str]:
    return as_actor(Actor(subject=f"user-{code}", role=Role.PILOT_PROJECT, org=code), "grants")


@asynccontextmanager
async def grants_client(kafka: str, topic_prefix: str, database_url: str) -> AsyncIterator[Client]:
    settings = GrantsSettings(
        kafka_bootstrap_servers=kafka,
        kafka_topic_prefix=topic_prefix,
        database_url=database_url,
        internal_assertion_secret=TEST_ASSERTION_SECRET,
    )
    app = create_app(settings, FixedClock(TODAY))
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://grants") as client:
            yield client, runtime
    finally:
        await runtime.stop()


@pytest.fixture
async def grants(kafka: str, topic_prefix: str, postgres_url: str) -> AsyncIterator[Client]:
    async with grants_client(kafka, topic_prefix, postgres_url) as client:
        yield client


async def post(client: httpx.AsyncClient, path: str, body: Any, headers: dict[str, str]) -> Any:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def approved_application(client: httpx.AsyncClient, project: str = "PP-01") -> str:
    call = await post(client, "/grants/calls", call_spec().model_dump(mode="json"), officer())
    budget = {"sector": "ict", "budget": [{"item": "solar kits", "amount": rwf(9_000_000)}]}
    path = f"/grants/calls/{call['call_id']}/applications"
    grant_id: str = (await post(client, path, budget, pilot(project)))["application_id"]
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/screening", {}, officer())
    await post(client, f"{base}/reviewers", {"reviewer": "reviewer-1"}, officer())
    scores = {"scores": {"impact": 4, "feasibility": 5}}
    await post(client, f"{base}/reviews", scores, reviewer())
    await post(client, f"{base}/decision", {"approve": True}, officer())
    return grant_id


def award_terms(*amounts: int) -> dict[str, Any]:
    return {
        "amount": rwf(sum(amounts)),
        "signed_on": "2026-04-01",
        "tranches": [
            {"amount": rwf(a), "due_on": "2026-06-01", "conditions": ["progress report"]}
            for a in amounts
        ],
    }


async def approved_tranche(client: httpx.AsyncClient, grant_id: str) -> str:
    """Award a grant of two tranches and have the first released by two officers."""
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(6_000_000, 3_000_000), officer())
    tranche = f"{base}/tranches/1"
    met = {"condition": "progress report", "evidence": "report of May, filed"}
    await post(client, f"{tranche}/conditions", met, officer())
    await post(client, f"{tranche}/release-request", {}, officer("officer-a"))
    await post(client, f"{tranche}/approval", {}, officer("officer-b"))
    return tranche


async def test_a_grant_walks_from_call_to_disbursement(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    tranche = await approved_tranche(client, grant_id)
    payment = {"payment_reference": "PAY-2026-0001", "disbursed_on": "2026-06-15"}
    paid = await post(client, f"{tranche}/disbursement", payment, officer())
    again = await post(client, f"{tranche}/disbursement", payment, officer())

    assert paid["disbursed"] == again["disbursed"] == rwf(6_000_000)
    assert paid["tranches"][0]["late"] is True
    assert paid["score"] == 4.4
    assert await count_rows(runtime, "disbursements") == 1
    disbursed = "event_type = 'grants.grant.disbursed.v1'"
    assert await count_rows(runtime, "outbox_messages", disbursed) == 1


async def test_pilot_project_b_cannot_see_project_a(grants: Client) -> None:
    client, _ = grants
    grant_id = await approved_application(client, "PP-A")
    path = f"/grants/applications/{grant_id}"
    assert (await client.get(path, headers=pilot("PP-A"))).status_code == 200
    other = await client.get(path, headers=pilot("PP-B"))
    assert other.status_code == 404
    assert other.json()["code"] == "resource.not_found"


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.PILOT_PROJECT, "/grants/calls", 403),
        (Role.REVIEWER, "/grants/applications/{id}/award", 403),
        (Role.PILOT_PROJECT, "/grants/applications/{id}/tranches/1/approval", 403),
        (Role.APPLICANT, "/grants/applications/{id}/screening", 403),
        (Role.REVIEWER, "/grants/applications/{id}/reviewers", 403),
        (Role.PILOT_PROJECT, "/grants/applications/{id}/reviewers", 403),
        (Role.PILOT_PROJECT, "/grants/my-mentoring/{id}/sessions", 403),
        (Role.IOM_OFFICER, "/grants/my-mentoring/{id}/sessions", 403),
        (Role.APPLICANT, "/grants/applications/{id}/mentoring-sessions", 403),
    ],
)
async def test_routes_refuse_roles_they_do_not_admit(
    grants: Client, role: Role, path: str, status: int
) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    headers = as_actor(Actor(subject="someone", role=role, org="PP-01"), "grants")
    response = await client.post(path.format(id=grant_id), json={}, headers=headers)
    assert response.status_code == status
    assert await count_rows(runtime, "grant_calls") == 1


async def test_the_requester_cannot_approve_and_nothing_is_paid_unapproved(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(1_000_000), officer())
    met = {"condition": "progress report", "evidence": "filed"}
    await post(client, f"{base}/tranches/1/conditions", met, officer())
    await post(client, f"{base}/tranches/1/release-request", {}, officer("officer-a"))
    same = await client.post(f"{base}/tranches/1/approval", headers=officer("officer-a"))
    payment = {"payment_reference": "PAY-X-1", "disbursed_on": "2026-05-01"}
    unapproved = await client.post(
        f"{base}/tranches/1/disbursement", json=payment, headers=officer()
    )

    assert (same.status_code, same.json()["code"]) == (409, "tranche.four_eyes")
    assert (unapproved.status_code, unapproved.json()["code"]) == (409, "tranche.not_approved")
    assert await count_rows(runtime, "disbursements") == 0
    approved = "event_type = 'grants.tranche.approved.v1'"
    assert await count_rows(runtime, "outbox_messages", approved) == 0


BAD_AMOUNTS = [
    {"minor_units": 0, "currency": "RWF"},
    {"minor_units": -5, "currency": "RWF"},
    {"minor_units": 10.5, "currency": "RWF"},
    {"minor_units": "100", "currency": "RWF"},
    {"minor_units": 100, "currency": "XYZ"},
]


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
async def test_bad_amounts_are_refused_and_nothing_is_stored(
    grants: Client, amount: dict[str, Any]
) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    terms = award_terms(1_000_000)
    terms["amount"] = terms["tranches"][0]["amount"] = amount
    response = await client.post(
        f"/grants/applications/{grant_id}/award", json=terms, headers=officer()
    )
    assert response.status_code == 422
    awarded = "event_type = 'grants.grant.awarded.v1'"
    assert await count_rows(runtime, "outbox_messages", awarded) == 0


async def test_a_tranche_over_the_award_and_a_reused_reference_are_refused(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    over = award_terms(1_000_000)
    over["tranches"].append({"amount": rwf(1), "due_on": "2026-07-01", "conditions": []})
    refused = await client.post(f"{base}/award", json=over, headers=officer())
    assert refused.status_code == 422
    tranche = await approved_tranche(client, grant_id)
    payment = {"payment_reference": "PAY-SHARED", "disbursed_on": "2026-05-01"}
    await post(client, f"{tranche}/disbursement", payment, officer())
    second = f"{base}/tranches/2"
    await post(
        client,
        f"{second}/conditions",
        {"condition": "progress report", "evidence": "ok"},
        officer(),
    )
    await post(client, f"{second}/release-request", {}, officer("officer-a"))
    await post(client, f"{second}/approval", {}, officer("officer-b"))
    reused = await client.post(f"{second}/disbursement", json=payment, headers=officer())

    assert (reused.status_code, reused.json()["code"]) == (409, "tranche.payment_reference_reused")
    assert await count_rows(runtime, "disbursements") == 1


async def test_a_payment_repeated_with_its_idempotency_key_is_replayed(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    tranche = await approved_tranche(client, grant_id)
    payment = {"payment_reference": "PAY-IDEM-1", "disbursed_on": "2026-05-01"}
    headers = {**officer(), "Idempotency-Key": "pay-tranche-1"}
    first = await client.post(f"{tranche}/disbursement", json=payment, headers=headers)
    headers = {**officer(), "Idempotency-Key": "pay-tranche-1"}
    again = await client.post(f"{tranche}/disbursement", json=payment, headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await count_rows(runtime, "disbursements") == 1


async def test_jobs_verified_before_they_are_reported_are_refused(grants: Client) -> None:
    client, runtime = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(1_000_000), officer())
    verification = {"months": 6, "total": 3, "women": 1, "youth": 2, "still_operating": True}
    early = await client.post(f"{base}/jobs/verification", json=verification, headers=officer())
    women_beyond_total = {"months": 6, "total": 1, "women": 2, "youth": 0}
    incoherent = await client.post(f"{base}/jobs", json=women_beyond_total, headers=pilot("PP-01"))

    assert (early.status_code, early.json()["code"]) == (409, "jobs.unreported")
    assert incoherent.status_code == 422
    view = (await client.get(base, headers=officer())).json()
    assert view["jobs"] == {}
    assert await count_rows(runtime, "outbox_messages", "event_type LIKE 'grants.jobs.%'") == 0


async def test_pilots_list_their_grants_and_officers_see_the_four_eyes_queue(
    grants: Client,
) -> None:
    client, _ = grants
    waiting = await approved_application(client, "PP-01")
    other = await approved_application(client, "PP-02")
    base = f"/grants/applications/{waiting}"
    await post(client, f"{base}/award", award_terms(1_000_000), officer())
    met = {"condition": "progress report", "evidence": "filed"}
    await post(client, f"{base}/tranches/1/conditions", met, officer())
    await post(client, f"{base}/tranches/1/release-request", {}, officer("officer-a"))

    async def listed(headers: dict[str, str], **params: str) -> list[str]:
        response = await client.get("/grants/applications", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [grant["application_id"] for grant in response.json()]

    assert await listed(pilot("PP-01")) == [waiting]
    assert await listed(pilot("PP-02")) == [other]
    assert sorted(await listed(officer())) == sorted([waiting, other])
    assert await listed(officer(), awaiting_approval="true") == [waiting]
    assert await listed(pilot("PP-02"), awaiting_approval="true") == []
    await post(client, f"{base}/tranches/1/approval", {}, officer("officer-b"))
    assert await listed(officer(), awaiting_approval="true") == []

    refused = await client.get("/grants/applications", headers=reviewer())
    assert refused.status_code == 403
    bad = await client.get(
        "/grants/applications", params={"awaiting_approval": "perhaps"}, headers=officer()
    )
    assert bad.status_code == 422
