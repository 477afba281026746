"""Host institutions on PostgreSQL: an officer adds a hospital and edits departments or
courses; a host of the added hospital submits requests; unknown codes and duplicates are
refused with a 4xx, and two officers adding one code at once get one 201 and one 409."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime

from .deployment_client import deployment_client, host, officer, someone, terms

NYAMATA = {
    "code": "DH-NYAMATA",
    "name": "Nyamata District Hospital",
    "district": "Bugesera",
    "departments": ["Paediatrics", "Surgery"],
}


@pytest.fixture
async def deployment(
    kafka: str, topic_prefix: str, postgres_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with deployment_client(kafka, topic_prefix, postgres_url) as started:
        yield started


async def institutions(client: httpx.AsyncClient) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = (
        await client.get("/deployment/institutions", headers=officer())
    ).json()
    return listed


async def test_an_added_hospital_hosts_health_requests_and_courses_are_edited(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, _runtime = deployment
    added = await client.post("/deployment/institutions", json=NYAMATA, headers=officer())
    assert added.status_code == 201, added.text
    assert added.json()["track"] == "HEALTH"
    submitted = await client.post(
        "/deployment/requests",
        json=terms() | {"course_or_specialty": "Surgery"},
        headers=host("DH-NYAMATA"),
    )
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["track"] == "HEALTH"
    courses = {"courses": ["ICT", "Mechatronics"]}
    edited = await client.put(
        "/deployment/institutions/IPRC-KGL/courses", json=courses, headers=officer()
    )
    assert edited.status_code == 200, edited.text
    listed = {i["code"]: i for i in await institutions(client)}
    assert listed["IPRC-KGL"]["courses"] == ["ICT", "Mechatronics"]
    assert listed["IPRC-KGL"]["name"] == "IPRC Kigali"
    assert listed["DH-NYAMATA"]["courses"] == ["Paediatrics", "Surgery"]


async def test_unknown_codes_duplicates_and_other_roles_are_refused(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, _runtime = deployment
    cases: list[tuple[str, str, object, dict[str, str], int]] = [
        ("POST", "/deployment/requests", terms(), host("DH-NOWHERE"), 422),
        ("POST", "/deployment/institutions", NYAMATA | {"code": "CHUK"}, officer(), 409),
        ("POST", "/deployment/institutions", NYAMATA | {"code": "dh x"}, officer(), 422),
        ("POST", "/deployment/institutions", NYAMATA | {"name": ""}, officer(), 422),
        ("POST", "/deployment/institutions", NYAMATA, host("CHUK"), 403),
        ("PUT", "/deployment/institutions/DH-NOWHERE/courses", {"courses": []}, officer(), 404),
        ("PUT", "/deployment/institutions/CHUK/courses", {"courses": ["x"]}, host("CHUK"), 403),
        (
            "PUT",
            "/deployment/institutions/CHUK/courses",
            {"courses": ["x"]},
            someone(Role.APPLICANT),
            403,
        ),
    ]
    for method, path, body, headers, status in cases:
        answer = await client.request(method, path, json=body, headers=headers)
        assert answer.status_code == status, (method, path, body, answer.text)
    codes = [i["code"] for i in await institutions(client)]
    assert "DH-NYAMATA" not in codes and "dh x" not in codes


async def test_two_officers_adding_one_hospital_at_once_get_one_201_and_one_409(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, _runtime = deployment
    for index in range(8):
        spec = NYAMATA | {"code": f"DH-TWICE-{index}"}
        answers = await asyncio.gather(
            *(client.post("/deployment/institutions", json=spec, headers=officer()) for _ in "ab")
        )
        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
