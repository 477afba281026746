"""`/partners/webhooks` over HTTP: a partner registers its own endpoint (secret shown once),
an officer registers on a partner's behalf and approves; partners see only their own
subscriptions and delivery logs; bad URLs (plain http, private ranges) and unknown event types
are 422, never a 5xx."""

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor, AssertionVerifier
from diaspora_shared.runtime.errors import install_domain_error_handlers, install_problem_handlers
from gateway.route_table import entries_from_openapi
from reporting.entrypoints.app import SERVICE, create_app
from reporting.entrypoints.webhook_http import router
from reporting.service_layer.webhook_claims import FAILED
from reporting.settings import ReportingSettings

from ..assertions import TEST_ASSERTION_SECRET, as_actor
from .webhook_support import ACCEPTED, accepted_event, arrived, deliveries, migrated

PUBLIC_URL = "https://93.184.216.34/hooks"
OFFICER = Actor("officer-1", Role.IOM_OFFICER, "IOM-RW")
MINEDUC = Actor("mineduc-it", Role.MINISTRY_VIEWER, "MINEDUC")
MOH = Actor("moh-it", Role.MINISTRY_VIEWER, "MOH")
APPLICANT = Actor("applicant-1", Role.APPLICANT)


def signed(actor: Actor) -> dict[str, str]:
    """Fresh headers for each request: the gateway's assertions are short-lived."""
    return as_actor(actor, "reporting")


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    database = await migrated(f"sqlite:///{tmp_path}/reporting.db")
    app = FastAPI()
    install_problem_handlers(app)
    install_domain_error_handlers(app, SERVICE.domain_errors)
    app.include_router(router)
    settings = ReportingSettings(webhook_allow_loopback_http=False)
    app.state.runtime = SimpleNamespace(database=database, settings=settings)
    app.state.assertion_verifier = AssertionVerifier(TEST_ASSERTION_SECRET, "reporting")
    yield app
    await database.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        yield http


async def registered(client: httpx.AsyncClient, actor: Actor, **body: Any) -> Any:
    response = await client.post(
        "/partners/webhooks",
        json={"url": PUBLIC_URL, "event_types": [ACCEPTED]} | body,
        headers=signed(actor),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_partner_registers_and_an_officer_approves(client: httpx.AsyncClient) -> None:
    created = await registered(client, MINEDUC)
    assert created["organisation"] == "MINEDUC"
    assert created["status"] == "pending"
    assert created["secret"].startswith("whsec_")
    path = f"/partners/webhooks/{created['subscription_id']}"

    refused = await client.post(f"{path}/approval", headers=signed(MINEDUC))
    assert refused.status_code == 403
    approved = await client.post(f"{path}/approval", headers=signed(OFFICER))
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"

    shown = (await client.get(path, headers=signed(MINEDUC))).json()
    assert shown["status"] == "approved"
    assert "secret" not in shown
    listed = (await client.get("/partners/webhooks", headers=signed(MINEDUC))).json()
    assert [s["subscription_id"] for s in listed] == [created["subscription_id"]]
    assert all("secret" not in s for s in listed)


async def test_partners_see_only_their_own_subscriptions(client: httpx.AsyncClient) -> None:
    mineduc = await registered(client, MINEDUC)
    await registered(client, OFFICER, organisation="MOH")
    path = f"/partners/webhooks/{mineduc['subscription_id']}"

    assert (await client.get(path, headers=signed(MOH))).status_code == 404
    assert (await client.get(f"{path}/deliveries", headers=signed(MOH))).status_code == 404
    moh_list = (await client.get("/partners/webhooks", headers=signed(MOH))).json()
    assert [s["organisation"] for s in moh_list] == ["MOH"]
    every = (await client.get("/partners/webhooks", headers=signed(OFFICER))).json()
    assert sorted(s["organisation"] for s in every) == ["MINEDUC", "MOH"]
    one = await client.get(
        "/partners/webhooks", params={"organisation": "MOH"}, headers=signed(OFFICER)
    )
    assert [s["organisation"] for s in one.json()] == ["MOH"]


@pytest.mark.parametrize(
    ("actor", "body", "status"),
    [
        (OFFICER, {}, 403),  # an officer must name the partner
        (OFFICER, {"organisation": "NOT-AN-ORG"}, 422),
        (MINEDUC, {"organisation": "MOH"}, 403),  # a partner registers only for itself
        (APPLICANT, {}, 403),
        (MINEDUC, {"url": "http://93.184.216.34/hooks"}, 422),
        (MINEDUC, {"url": "https://10.0.0.8/hooks"}, 422),
        (MINEDUC, {"url": "https://169.254.169.254/latest"}, 422),
        (MINEDUC, {"url": "http://127.0.0.1:8080/hooks"}, 422),  # loopback not allowed here
        (MINEDUC, {"url": "https://user:pw@93.184.216.34/"}, 422),
        (MINEDUC, {"url": "x" * 3000}, 422),
        (MINEDUC, {"event_types": ["org.iom.diaspora.internal.v1"]}, 422),
        (MINEDUC, {"event_types": []}, 422),
        (MINEDUC, {"surprise": 1}, 422),
    ],
)
async def test_bad_registrations_are_refused(
    client: httpx.AsyncClient, actor: Actor, body: dict[str, Any], status: int
) -> None:
    response = await client.post(
        "/partners/webhooks",
        json={"url": PUBLIC_URL, "event_types": [ACCEPTED]} | body,
        headers=signed(actor),
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_ids_are_404_or_422(client: httpx.AsyncClient) -> None:
    unknown = "/partners/webhooks/8d3c1f0e-0000-4000-8000-000000000000"
    assert (await client.get(unknown, headers=signed(OFFICER))).status_code == 404
    assert (await client.post(f"{unknown}/approval", headers=signed(OFFICER))).status_code == 404
    assert (await client.get("/partners/webhooks/nope", headers=signed(OFFICER))).status_code == 422


async def test_the_log_shows_deliveries_and_a_failed_one_is_redelivered(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    created = await registered(client, MINEDUC)
    path = f"/partners/webhooks/{created['subscription_id']}"
    await client.post(f"{path}/approval", headers=signed(OFFICER))
    database = app.state.runtime.database
    await arrived(database, accepted_event(1), accepted_event(2))

    log = (await client.get(f"{path}/deliveries", headers=signed(MINEDUC))).json()
    assert [d["status"] for d in log] == ["pending", "pending"]
    assert (
        await client.post(
            f"{path}/deliveries/{log[0]['delivery_id']}/redelivery", headers=signed(MINEDUC)
        )
    ).status_code == 409

    [older, _newer] = await deliveries(database, created["subscription_id"])
    async with database.session() as session:
        older.status = FAILED
        session.add(older)
        await session.commit()
    failed = await client.get(
        f"{path}/deliveries", params={"status": "failed"}, headers=signed(MINEDUC)
    )
    assert [d["delivery_id"] for d in failed.json()] == [older.delivery_id]

    again = await client.post(
        f"{path}/deliveries/{older.delivery_id}/redelivery", headers=signed(MINEDUC)
    )
    assert again.status_code == 202
    assert (again.json()["status"], again.json()["attempts"]) == ("pending", 0)
    elsewhere = await client.post(
        f"{path}/deliveries/{older.delivery_id}/redelivery", headers=signed(MOH)
    )
    assert elsewhere.status_code == 404


def test_the_gateway_exposes_the_routes_to_the_roles_they_declare() -> None:
    document = create_app(ReportingSettings(database_url="sqlite://")).openapi()
    table = {
        (e.method, e.public_path): set(e.policy.roles)
        for e in entries_from_openapi("reporting", "/api", document)
        if "/partners/webhooks" in e.public_path
    }
    partners = {Role.IOM_OFFICER, Role.MINISTRY_VIEWER, Role.HOST_INSTITUTION, Role.PILOT_PROJECT}
    base = "/api/partners/webhooks"
    assert table == {
        ("POST", base): partners,
        ("GET", base): partners,
        ("GET", f"{base}/{{subscription_id}}"): partners,
        ("GET", f"{base}/deliveries"): partners,
        ("POST", f"{base}/{{subscription_id}}/approval"): {Role.IOM_OFFICER},
        ("GET", f"{base}/{{subscription_id}}/deliveries"): partners,
        ("POST", f"{base}/{{subscription_id}}/deliveries/{{delivery_id}}/redelivery"): partners,
    }


async def test_a_partner_log_spans_its_subscriptions_and_no_others(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ours = [await registered(client, MINEDUC) for _ in range(2)]
    theirs = await registered(client, OFFICER, organisation="MOH")
    for created in (*ours, theirs):
        await client.post(
            f"/partners/webhooks/{created['subscription_id']}/approval", headers=signed(OFFICER)
        )
    await arrived(app.state.runtime.database, accepted_event(1))

    log = (await client.get("/partners/webhooks/deliveries", headers=signed(MINEDUC))).json()
    assert sorted(d["subscription_id"] for d in log) == sorted(s["subscription_id"] for s in ours)
    every = (await client.get("/partners/webhooks/deliveries", headers=signed(OFFICER))).json()
    assert len(every) == 3
    one = await client.get(
        "/partners/webhooks/deliveries", params={"organisation": "MOH"}, headers=signed(OFFICER)
    )
    assert [d["subscription_id"] for d in one.json()] == [theirs["subscription_id"]]
    none = await client.get(
        "/partners/webhooks/deliveries", params={"status": "failed"}, headers=signed(MINEDUC)
    )
    assert none.json() == []
