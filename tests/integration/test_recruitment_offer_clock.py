"""Offer deadlines through recruitment's HTTP API, with the service's clock moved by the test:
an officer sets a deadline in hours, the applicant sees it, and the offer lapses once the
clock passes it."""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app
from recruitment.service_layer.clock import ManualClock
from recruitment.settings import RecruitmentSettings

from ..assertions import as_role
from ..runtimes import call_spec, profile

CRITERIA = ("relevant expertise", "training experience", "motivation", "languages")


def as_officer() -> dict[str, str]:
    return as_role("officer-1", Role.IOM_OFFICER)


def as_applicant(index: int) -> dict[str, str]:
    return as_role(f"applicant-{index}", Role.APPLICANT)


def as_reviewer(index: int) -> dict[str, str]:
    return as_role(f"reviewer-{index}", Role.REVIEWER)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def client(
    kafka: str, topic_prefix: str, database_url: str, clock: ManualClock
) -> AsyncIterator[httpx.AsyncClient]:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database_url
    )
    app = create_app(settings, clock=clock)
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as http:
            yield http
    finally:
        await runtime.stop()


async def ok(response: httpx.Response) -> Any:
    assert response.is_success, response.text
    return response.json()


async def reviewed_application(
    http: httpx.AsyncClient, call_id: str, index: int, value: int
) -> str:
    body = profile(index=index).model_dump(mode="json")
    url = f"/recruitment/calls/{call_id}/applications"
    application = await ok(await http.post(url, json=body, headers=as_applicant(index)))
    application_id: str = application["application_id"]
    for reviewer in (0, 1):
        await ok(
            await http.post(
                f"/recruitment/applications/{application_id}/reviewers",
                json={"reviewer_subject": f"reviewer-{reviewer}"},
                headers=as_officer(),
            )
        )
        await ok(
            await http.post(
                f"/recruitment/applications/{application_id}/reviews",
                json={"scores": dict.fromkeys(CRITERIA, value)},
                headers=as_reviewer(reviewer),
            )
        )
    return application_id


async def test_an_offer_lapses_when_the_clock_passes_its_deadline_in_hours(
    client: httpx.AsyncClient, clock: ManualClock
) -> None:
    spec = call_spec(target=1).model_dump(mode="json")
    call = await ok(await client.post("/recruitment/calls", json=spec, headers=as_officer()))
    first = await reviewed_application(client, call["call_id"], 0, 5)
    second = await reviewed_application(client, call["call_id"], 1, 4)
    confirm = f"/recruitment/calls/{call['call_id']}/selection/confirm"
    await ok(await client.post(confirm, json={"offer_valid_hours": 2}, headers=as_officer()))

    mine = await ok(await client.get(f"/recruitment/applications/{first}", headers=as_applicant(0)))
    assert mine["status"] == "offered"
    deadline = clock.now() + timedelta(hours=2)
    assert mine["offer"]["deadline"].replace("Z", "+00:00") == deadline.isoformat()

    clock.advance(timedelta(hours=1))
    lapse = await ok(await client.post("/recruitment/offers/expire", headers=as_officer()))
    assert lapse == {"expired": 0}
    clock.advance(timedelta(hours=1, seconds=1))
    late = await client.post(
        f"/recruitment/applications/{first}/offer", json={"accept": True}, headers=as_applicant(0)
    )
    assert late.status_code == 409
    lapse = await ok(await client.post("/recruitment/offers/expire", headers=as_officer()))
    assert lapse == {"expired": 1}

    mine = await ok(await client.get(f"/recruitment/applications/{first}", headers=as_applicant(0)))
    assert (mine["status"], mine["offer"]["status"]) == ("expired", "expired")
    theirs = await ok(
        await client.get(f"/recruitment/applications/{second}", headers=as_applicant(1))
    )
    assert theirs["status"] == "offered"
    assert (
        theirs["offer"]["deadline"].replace("Z", "+00:00")
        == (clock.now() + timedelta(hours=2)).isoformat()
    )


async def test_status_is_documented_as_an_enum_and_days_are_still_accepted(
    client: httpx.AsyncClient,
) -> None:
    schema = (await ok(await client.get("/openapi.json")))["components"]["schemas"]
    status = schema["ApplicationStatus"]
    assert set(status["enum"]) >= {"eligible", "offered", "accepted", "withdrawn", "expired"}
    assert "deadline" in schema["OfferSummary"]["properties"]
    confirmation = schema["SelectionConfirmation"]["properties"]
    assert {"offer_valid_hours", "offer_valid_days"} <= set(confirmation)
