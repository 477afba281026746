"""The platform under docker-compose (`make compose-test` brings the stack up first): one
application from call to accepted through the gateway, seen in the ministries' report; a
service container stopped and started while events keep coming loses nothing; the containers
run as the image promises (non-root, graceful SIGTERM, gateway on loopback only)."""

from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role

from ..e2e.test_platform_flow import application_body, call_body
from ..kafka_helpers import eventually
from .stack import ComposeStack

pytestmark = pytest.mark.compose

OFFICER = (Role.IOM_OFFICER, "compose-officer", "IOM-RW")
MINISTRY = (Role.MINISTRY_VIEWER, "compose-minaffet", "MINAFFET")
REPORT = "/api/reports/accepted-professionals"


@pytest.fixture(scope="module")
def stack() -> ComposeStack:
    return ComposeStack.from_environment()


async def test_an_application_reaches_the_report_and_survives_a_service_restart(
    stack: ComposeStack,
) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:
        officer = stack.token(*OFFICER)
        before = await _accepted_tvet(client, stack)
        created = await client.post("/api/recruitment/calls", json=call_body(), headers=officer)
        assert created.status_code == 201, created.text
        call_id = created.json()["call_id"]
        first = await _apply(client, stack, call_id, index=1, sex="female")
        second = await _apply(client, stack, call_id, index=2, sex="male")

        await _accept(client, officer, first)
        await eventually(
            lambda: _report_equals(client, stack, before | {"female": before["female"] + 1}),
            timeout=60,
        )

        # Reporting stops (SIGTERM) while the second acceptance is published; once it is back,
        # it applies what it missed, once.
        stack.run("stop", "--timeout", "30", "reporting")
        state = stack.container("reporting")["State"]
        assert isinstance(state, dict)
        assert state["ExitCode"] == 0, f"reporting did not stop gracefully: {state}"
        await _accept(client, officer, second)
        stack.run("start", "reporting")
        stack.wait_healthy("reporting")
        expected = {"female": before["female"] + 1, "male": before["male"] + 1}
        await eventually(lambda: _report_equals(client, stack, expected), timeout=120)

        mine = await client.get(f"/api/recruitment/applications/{first}", headers=officer)
        assert mine.status_code == 200, mine.text
        assert mine.json()["status"] == "accepted"


def test_containers_run_as_the_image_promises(stack: ComposeStack) -> None:
    for service in ("recruitment", "reporting", "deployment", "grants", "gateway"):
        inspected = stack.wait_healthy(service)
        config = inspected["Config"]
        assert isinstance(config, dict)
        assert config["User"] == "10001:10001", f"{service} runs as {config['User']!r}"
    network = stack.container("gateway")["NetworkSettings"]
    assert isinstance(network, dict)
    bindings = network["Ports"]["8080/tcp"]
    assert bindings and {binding["HostIp"] for binding in bindings} == {"127.0.0.1"}, bindings


async def test_the_demo_data_and_the_web_application_are_served(stack: ComposeStack) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as client:
        page = await client.get("/")
        assert page.status_code == 200 and "<html" in page.text.lower()
        calls = await client.get("/api/recruitment/calls", headers=stack.token(*OFFICER))
        assert calls.status_code == 200, calls.text
        assert {call["track"] for call in calls.json()} >= {"TVET", "HEALTH"}
        missions = await client.get("/api/deployment/missions", headers=stack.token(*OFFICER))
        assert missions.status_code == 200 and missions.json(), missions.text


async def _apply(
    client: httpx.AsyncClient, stack: ComposeStack, call_id: str, *, index: int, sex: str
) -> str:
    applicant = stack.token(Role.APPLICANT, f"compose-applicant-{index}")
    response = await client.post(
        f"/api/recruitment/calls/{call_id}/applications",
        json=application_body(index, sex),
        headers=applicant,
    )
    assert response.status_code == 201, response.text
    application_id: str = response.json()["application_id"]
    return application_id


async def _accept(client: httpx.AsyncClient, officer: dict[str, str], application: str) -> None:
    response = await client.post(
        f"/api/recruitment/applications/{application}/accept", headers=officer
    )
    assert response.status_code == 200, response.text


async def _accepted_tvet(client: httpx.AsyncClient, stack: ComposeStack) -> dict[str, int]:
    response = await client.get(REPORT, headers=stack.token(*MINISTRY))
    assert response.status_code == 200, response.text
    tvet = next(item for item in response.json()["tracks"] if item["track"] == "TVET")
    counts: dict[str, Any] = tvet["accepted_by_sex"]
    return {"female": counts.get("female", 0), "male": counts.get("male", 0)}


async def _report_equals(
    client: httpx.AsyncClient, stack: ComposeStack, expected: dict[str, int]
) -> bool:
    return await _accepted_tvet(client, stack) == expected
