"""Every error of recruitment's API is a problem (RFC 9457) with a stable code; invalid input is
listed by location without the value sent; nothing a client sends gets a 5xx."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.http_problems import PROBLEM_MEDIA_TYPE
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app
from recruitment.settings import RecruitmentSettings

from ..assertions import as_role
from ..runtimes import call_spec, profile
from .recruitment_http import applicant, count_rows, officer, recruitment_client

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "code"}


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body.keys() >= PROBLEM_MEMBERS
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].endswith(code)
    return body


@pytest.fixture
async def recruitment(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with recruitment_client(kafka, topic_prefix, database_url) as (client, runtime):
        yield client, runtime


async def open_call(client: httpx.AsyncClient) -> str:
    created = await client.post(
        "/recruitment/calls", json=call_spec().model_dump(mode="json"), headers=officer()
    )
    assert created.status_code == 201, created.text
    call_id: str = created.json()["call_id"]
    return call_id


async def test_domain_and_http_errors_are_problems_with_stable_codes(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, _runtime = recruitment
    applications = f"/recruitment/calls/{await open_call(client)}/applications"
    good = profile().model_dump(mode="json")
    assert (await client.post(applications, json=good, headers=applicant())).status_code == 201

    duplicate = await client.post(applications, json=good, headers=applicant())
    assert_problem(duplicate, 409, "application.duplicate")
    missing = await client.get(
        "/recruitment/applications/00000000-0000-0000-0000-000000000000", headers=officer()
    )
    assert_problem(missing, 404, "resource.not_found")
    assert_problem(await client.get("/recruitment/calls"), 401, "auth.unauthenticated")
    unknown_route = await client.get("/recruitment/nowhere", headers=officer())
    assert_problem(unknown_route, 404, "resource.not_found")


async def test_invalid_input_lists_locations_and_never_echoes_the_input(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, _runtime = recruitment
    applications = f"/recruitment/calls/{await open_call(client)}/applications"
    huge = "Q" * 200_000  # four of them stay under the body limit
    bad = profile().model_dump(mode="json") | {
        "qualifications": [huge] * 3,
        "sex": huge,
    }
    response = await client.post(applications, json=bad, headers=applicant())

    body = assert_problem(response, 422, "request.invalid")
    locations = {error["location"] for error in body["errors"]}
    assert {"body.sex", "body.qualifications.0"} <= locations
    assert all(error.keys() == {"location", "message"} for error in body["errors"])
    assert "QQQQ" not in response.text
    assert len(response.content) < 5_000


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
async def test_non_finite_numbers_answer_422(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime], number: str
) -> None:
    client, runtime = recruitment
    spec = call_spec().model_dump_json().replace('"target":30', f'"target":{number}')
    goal = (
        call_spec()
        .model_dump_json()
        .replace('"women_share_goal":0.4', f'"women_share_goal":{number}')
    )
    for body in (spec, goal):
        response = await client.post(
            "/recruitment/calls",
            content=body,
            headers={**officer(), "content-type": "application/json"},
        )
        assert_problem(response, 422, "request.invalid")
    assert await count_rows(runtime, "calls") == 0


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_nul_characters_and_long_subjects_answer_4xx_on_postgres(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    applications = f"/recruitment/calls/{await open_call(client)}/applications"
    good = profile().model_dump(mode="json")
    with_nul = good | {"contact": good["contact"] | {"given_name": "Ann\x00e"}}
    response = await client.post(applications, json=with_nul, headers=applicant())
    assert_problem(response, 422, "request.invalid")

    long_subject = as_role("s" * 5000, Role.APPLICANT)
    response = await client.post(applications, json=good, headers=long_subject)
    assert_problem(response, 401, "auth.unauthenticated")
    assert await count_rows(runtime, "applications") == 0


async def test_an_unexpected_error_is_a_500_problem_without_internals(
    kafka: str, topic_prefix: str, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=sqlite_url
    )
    app: FastAPI = create_app(settings)

    @app.get("/recruitment/broken")
    async def broken() -> None:
        raise RuntimeError("secret internals: jane@example.org")

    async with recruitment_client(kafka, topic_prefix, sqlite_url, app) as (client, _runtime):
        response = await client.get("/recruitment/broken", headers=officer())

    assert_problem(response, 500, "server.error")
    assert "secret" not in response.text
    logs = capsys.readouterr()
    assert "RuntimeError" in logs.out + logs.err
    assert "jane@example.org" not in logs.out + logs.err
