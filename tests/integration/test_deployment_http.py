"""Deployment's HTTP API on PostgreSQL: one mission walked from request to completion, each
route's roles (host A against host B included), and bad input answered with a clear 4xx that
stores nothing."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime

from .deployment_client import (
    START,
    accepted_professional,
    approved_request,
    deployment_client,
    host,
    officer,
    row_counts,
    someone,
    terms,
)

LOGISTICS = {
    "travel_booked": True,
    "accommodation_booked": True,
    "insured": True,
    "allowance_minor_units": 45_000_000,
    "currency": "RWF",
}


@pytest.fixture
async def deployment(
    kafka: str, topic_prefix: str, postgres_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with deployment_client(kafka, topic_prefix, postgres_url) as started:
        yield started


async def planned_mission(client: httpx.AsyncClient, runtime: ServiceRuntime) -> dict[str, Any]:
    request_id = await approved_request(client, "IPRC-KGL")
    professional = await accepted_professional(runtime)
    planned = await client.post(
        f"/deployment/requests/{request_id}/missions",
        json={"professional_id": str(professional)},
        headers=officer(),
    )
    assert planned.status_code == 201, planned.text
    mission: dict[str, Any] = planned.json()
    return mission


async def test_a_mission_walks_from_request_to_completion(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    mission = await planned_mission(client, runtime)
    path = f"/deployment/missions/{mission['mission_id']}"
    steps = [
        (f"{path}/confirm", LOGISTICS, officer(), "confirmed"),
        (f"{path}/arrival", None, host("IPRC-KGL"), "started"),
        (f"{path}/extend", {"ends_on": "2027-04-10"}, officer(), "extended"),
        (f"{path}/complete", None, host("IPRC-KGL"), "completed"),
    ]
    for url, body, headers, status in steps:
        answer = await client.post(url, json=body, headers=headers)
        assert (answer.status_code, answer.json()["status"]) == (200, status), answer.text
    async with runtime.database.engine.connect() as connection:
        types = (
            await connection.execute(text("SELECT event_type FROM outbox_messages ORDER BY seq"))
        ).scalars()
        assert list(types) == [
            f"deployment.mission.{step}.v1"
            for step in ("planned", "confirmed", "started", "extended", "completed")
        ]


async def test_another_host_gets_404_on_every_mission_route(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    mission = await planned_mission(client, runtime)
    path = f"/deployment/missions/{mission['mission_id']}"
    await client.post(f"{path}/confirm", json=LOGISTICS, headers=officer())
    other = host("IPRC-HYE")
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.post(f"{path}/arrival", headers=other)).status_code == 404
    assert (await client.post(f"{path}/complete", headers=other)).status_code == 404
    request = f"/deployment/requests/{mission['request_id']}"
    assert (await client.get(request, headers=other)).status_code == 404
    assert (await client.get("/deployment/missions", headers=other)).json() == []
    own = await client.get(path, headers=host("IPRC-KGL"))
    assert own.status_code == 200
    assert (await client.get(path, headers=host("IPRC-KGL"))).json()["status"] == "confirmed"


OFFICER_ONLY: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/deployment/requests/{request}/approve", None),
    ("POST", "/deployment/requests/{request}/return", {"reason": "Dates"}),
    ("GET", "/deployment/requests/{request}/candidates", None),
    ("GET", "/deployment/professionals", None),
    ("POST", "/deployment/requests/{request}/missions", {"professional_id": "{professional}"}),
    ("POST", "/deployment/missions/{mission}/confirm", LOGISTICS),
    ("POST", "/deployment/missions/{mission}/extend", {"ends_on": "2027-05-01"}),
    ("POST", "/deployment/missions/{mission}/cancel", {"reason": "other"}),
]


def fill(value: object, ids: dict[str, str]) -> object:
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("role", "org"),
    [
        (Role.HOST_INSTITUTION, "IPRC-KGL"),
        (Role.APPLICANT, None),
        (Role.REVIEWER, None),
        (Role.MINISTRY_VIEWER, "MINEDUC"),
        (Role.PILOT_PROJECT, "PILOT-01"),
    ],
)
async def test_officer_routes_refuse_every_other_role(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime], role: Role, org: str | None
) -> None:
    client, runtime = deployment
    mission = await planned_mission(client, runtime)
    ids = {
        "request": mission["request_id"],
        "mission": mission["mission_id"],
        "professional": mission["professional_id"],
    }
    before = await row_counts(runtime)
    for method, template, body in OFFICER_ONLY:
        filled = None if body is None else {k: fill(v, ids) for k, v in body.items()}
        answer = await client.request(
            method, template.format(**ids), json=filled, headers=someone(role, org)
        )
        assert answer.status_code == 403, (method, template, answer.text)
    submit = await client.post("/deployment/requests", json=terms(), headers=someone(role, org))
    assert submit.status_code == (201 if role is Role.HOST_INSTITUTION else 403)
    if role is not Role.HOST_INSTITUTION:
        assert await row_counts(runtime) == before


async def test_each_bad_request_gets_a_clear_4xx_and_stores_nothing(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    mission = await planned_mission(client, runtime)
    request_id, mission_id = mission["request_id"], mission["mission_id"]
    withdrawn_or_unknown = "00000000-0000-4000-8000-000000000000"
    path = f"/deployment/missions/{mission_id}"
    before = await row_counts(runtime)
    cases: list[tuple[str, Any, dict[str, str], int, str]] = [
        ("/deployment/requests", terms() | {"professionals_wanted": -1}, host("CHUK"), 422, ""),
        ("/deployment/requests", terms() | {"expected_participants": -5}, host("CHUK"), 422, ""),
        ("/deployment/requests", terms(days=-3), host("CHUK"), 422, "ends_on"),
        ("/deployment/requests", terms(), host("MINEDUC"), 422, "institution"),
        ("/deployment/requests", terms() | {"expertise": "x\x00"}, host("CHUK"), 422, ""),
        ("/deployment/requests", terms() | {"extra": 1}, host("CHUK"), 422, ""),
        (
            f"/deployment/requests/{request_id}/missions",
            {"professional_id": withdrawn_or_unknown},
            officer(),
            409,
            "professional",
        ),
        (
            f"/deployment/requests/{request_id}/missions",
            {"professional_id": mission["professional_id"], "ends_on": str(START)},
            officer(),
            409,
            "overlapping",
        ),
        (f"{path}/arrival", None, host("IPRC-KGL"), 409, "planned"),
        (f"{path}/confirm", LOGISTICS | {"insured": False}, officer(), 409, "insurance"),
        (f"{path}/confirm", LOGISTICS | {"allowance_minor_units": 1.5}, officer(), 422, ""),
        (f"{path}/confirm", LOGISTICS | {"currency": "euro"}, officer(), 422, ""),
        (f"{path}/extend", {"ends_on": "2027-13-40"}, officer(), 422, ""),
        (f"{path}/cancel", {"reason": "bored"}, officer(), 422, ""),
        ("/deployment/missions/not-a-uuid/confirm", LOGISTICS, officer(), 422, ""),
    ]
    for url, body, headers, status, words in cases:
        answer = await client.post(url, json=body, headers=headers)
        assert answer.status_code == status, (url, body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert words in answer.text.lower(), answer.text
    assert await row_counts(runtime) == before


async def test_a_request_with_reversed_dates_for_a_mission_is_invalid(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    request_id = await approved_request(client, "IPRC-KGL")
    professional = await accepted_professional(runtime)
    answer = await client.post(
        f"/deployment/requests/{request_id}/missions",
        json={
            "professional_id": str(professional),
            "starts_on": "2027-03-20",
            "ends_on": "2027-03-02",
        },
        headers=officer(),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "period.reversed"


async def test_a_repeated_match_with_its_idempotency_key_plans_one_mission(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    request_id = await approved_request(client, "IPRC-TMB", wanted=2)
    professional = await accepted_professional(runtime)
    headers = officer() | {"Idempotency-Key": "match-1"}
    url = f"/deployment/requests/{request_id}/missions"
    body = {"professional_id": str(professional)}
    first = await client.post(url, json=body, headers=headers)
    again = await client.post(url, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert (await row_counts(runtime))["missions"] == 1


SESSION = {
    "held_on": "2027-03-05",
    "course": "ICT",
    "topic": "Switching",
    "hours": 5,
    "trainers_female": 3,
    "trainers_male": 4,
    "students_female": 9,
    "students_male": 11,
}


async def started_mission(
    client: httpx.AsyncClient, runtime: ServiceRuntime
) -> tuple[dict[str, Any], str]:
    mission = await planned_mission(client, runtime)
    path = f"/deployment/missions/{mission['mission_id']}"
    await client.post(f"{path}/confirm", json=LOGISTICS, headers=officer())
    started = await client.post(f"{path}/arrival", headers=host("IPRC-KGL"))
    assert started.json()["status"] == "started", started.text
    return mission, path


async def test_activity_records_over_http_with_bad_ones_refused_and_nothing_stored(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    mission, path = await started_mission(client, runtime)
    kigali = host("IPRC-KGL")
    good = SESSION | {"hours": 5.5}
    recorded = await client.post(f"{path}/sessions", json=good, headers=kigali)
    assert recorded.status_code == 201, recorded.text
    async with runtime.database.engine.connect() as connection:
        stored = await connection.execute(text("SELECT count(*) FROM activity_records"))
        assert stored.scalar_one() == 1
    cases: list[tuple[str, dict[str, Any], dict[str, str], int]] = [
        ("sessions", good | {"hours": 30}, kigali, 422),
        ("sessions", good | {"students_male": -2}, kigali, 422),
        ("sessions", good | {"held_on": "2027-06-01"}, kigali, 422),
        ("sessions", good | {"course": "Welding"}, kigali, 422),
        ("sessions", good, host("IPRC-HYE"), 404),
        ("sessions", good | {"corrects": str(mission["mission_id"])}, kigali, 409),
        (
            "health-services",
            {"delivered_on": "2027-03-05", "service_type": "x", "count": 1},
            kigali,
            422,
        ),
        ("feedback", {"rating": 5}, kigali, 409),
        ("feedback", {"rating": 9}, kigali, 422),
    ]
    for route, body, headers, status in cases:
        answer = await client.post(f"{path}/{route}", json=body, headers=headers)
        assert answer.status_code == status, (route, body, answer.text)
    async with runtime.database.engine.connect() as connection:
        stored = await connection.execute(text("SELECT count(*) FROM activity_records"))
        assert stored.scalar_one() == 1
    listed = await client.get(f"{path}/activities", headers=kigali)
    assert [r["kind"] for r in listed.json()] == ["training_session"]
    assert (await client.get(f"{path}/activities", headers=host("CHUK"))).status_code == 404


async def test_hosts_list_their_own_requests_and_officers_every_one(
    kafka: str, topic_prefix: str, sqlite_url: str
) -> None:
    async with deployment_client(kafka, topic_prefix, sqlite_url) as (client, _):
        chuk = [await approved_request(client, "CHUK"), await approved_request(client, "CHUK")]
        kigali = await approved_request(client, "IPRC-KGL")

        listed = await client.get("/deployment/requests", headers=host("CHUK"))
        assert listed.status_code == 200, listed.text
        # Newest first, and only the host's own.
        assert [r["request_id"] for r in listed.json()] == chuk[::-1]
        everything = await client.get("/deployment/requests", headers=officer())
        assert {r["request_id"] for r in everything.json()} == {*chuk, kigali}
        assert (await client.get("/deployment/requests", headers=host("IPRC-HYE"))).json() == []
        for role in (Role.APPLICANT, Role.MINISTRY_VIEWER, Role.PILOT_PROJECT, Role.REVIEWER):
            refused = await client.get("/deployment/requests", headers=someone(role))
            assert refused.status_code == 403, role
