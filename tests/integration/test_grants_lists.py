"""Grants' lists on PostgreSQL: a pilot project lists its own applications only, an officer
every one; the four-eyes queue holds the releases waiting for a second officer, marks the
reader's own requests, and empties once approved. Other roles are refused."""

from collections.abc import AsyncIterator

import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from ..assertions import as_actor
from .test_grants_http import (
    Client,
    approved_application,
    award_terms,
    grants_client,
    officer,
    pilot,
    post,
)

pytestmark = pytest.mark.kafka

QUEUE = "/grants/tranches/awaiting-approval"


@pytest.fixture
async def grants(kafka: str, topic_prefix: str, postgres_url: str) -> AsyncIterator[Client]:
    async with grants_client(kafka, topic_prefix, postgres_url) as client:
        yield client


async def test_a_pilot_project_lists_its_own_applications_and_an_officer_every_one(
    grants: Client,
) -> None:
    client, _ = grants
    own = await approved_application(client, "PP-A")
    other = await approved_application(client, "PP-B")

    project_a = await client.get("/grants/applications", headers=pilot("PP-A"))
    project_c = await client.get("/grants/applications", headers=pilot("PP-C"))
    everyone = await client.get("/grants/applications", headers=officer())

    assert [g["application_id"] for g in project_a.json()] == [own]
    assert project_c.json() == []
    assert {g["application_id"] for g in everyone.json()} == {own, other}


async def test_the_four_eyes_queue_holds_requested_releases_until_approved(
    grants: Client,
) -> None:
    client, _ = grants
    grant_id = await approved_application(client)
    base = f"/grants/applications/{grant_id}"
    await post(client, f"{base}/award", award_terms(6_000_000, 3_000_000), officer())
    met = {"condition": "progress report", "evidence": "report of May, filed"}
    await post(client, f"{base}/tranches/1/conditions", met, officer())
    empty = await client.get(QUEUE, headers=officer())
    await post(client, f"{base}/tranches/1/release-request", {}, officer("officer-a"))

    for_requester = (await client.get(QUEUE, headers=officer("officer-a"))).json()
    for_second = (await client.get(QUEUE, headers=officer("officer-b"))).json()
    await post(client, f"{base}/tranches/1/approval", {}, officer("officer-b"))
    after = await client.get(QUEUE, headers=officer())

    assert empty.json() == []
    assert [(item["application_id"], item["tranche"]) for item in for_second] == [(grant_id, 1)]
    assert (for_requester[0]["requested_by_me"], for_second[0]["requested_by_me"]) == (True, False)
    assert after.json() == []


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.PILOT_PROJECT, QUEUE),
        (Role.REVIEWER, QUEUE),
        (Role.REVIEWER, "/grants/applications"),
        (Role.APPLICANT, "/grants/applications"),
        (Role.HOST_INSTITUTION, "/grants/applications"),
    ],
)
async def test_other_roles_are_refused(grants: Client, role: Role, path: str) -> None:
    client, _ = grants
    headers = as_actor(Actor(subject="someone", role=role, org="PP-A"), "grants")
    assert (await client.get(path, headers=headers)).status_code == 403
    assert (await client.get(path)).status_code == 401
