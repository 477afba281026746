"""Bad input at recruitment's HTTP API: each a clear 4xx, and nothing stored half-way."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.entrypoints.app import create_app
from recruitment.settings import RecruitmentSettings

from ..assertions import as_role
from ..runtimes import call_spec, profile

TABLES = ("applications", "outbox_messages", "review_assignments", "audit_log", "offers")


@pytest.fixture
async def recruitment(
    kafka: str, topic_prefix: str, database_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=topic_prefix, database_url=database_url
    )
    app = create_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    await runtime.start()
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as client:
            yield client, runtime
    finally:
        await runtime.stop()


async def row_counts(runtime: ServiceRuntime) -> dict[str, int]:
    async with runtime.database.engine.connect() as connection:
        return {
            table: (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in TABLES
        }


async def test_each_bad_request_gets_a_clear_4xx_and_stores_nothing(
    recruitment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = recruitment
    # Assertions live a minute, so they are signed when the test runs, not at import.
    officer = as_role("officer-1", Role.IOM_OFFICER)
    applicant = as_role("applicant-1", Role.APPLICANT)
    reviewer = as_role("reviewer-1", Role.REVIEWER)
    spec = call_spec().model_dump(mode="json")
    call = (await client.post("/recruitment/calls", json=spec, headers=officer)).json()
    good = profile().model_dump(mode="json")
    applications = f"/recruitment/calls/{call['call_id']}/applications"
    submitted = await client.post(applications, json=good, headers=applicant)
    assert submitted.status_code == 201
    application = f"/recruitment/applications/{submitted.json()['application_id']}"
    closed = spec | {
        "opens_on": str(datetime.now(UTC).date() - timedelta(days=30)),
        "closes_on": str(datetime.now(UTC).date() - timedelta(days=1)),
    }
    closed_call = (await client.post("/recruitment/calls", json=closed, headers=officer)).json()
    before = await row_counts(runtime)

    cases: list[tuple[str, str, Any, dict[str, str], int, str]] = [
        ("POST", applications, {**good, "sex": "x"}, applicant, 422, "sex"),
        ("POST", applications, {**good, "country_of_residence": "RW"}, applicant, 422, "European"),
        (
            "POST",
            applications,
            {**good, "courses_or_specialties": ["Plumbing"]},
            applicant,
            422,
            "Plumbing",
        ),
        ("POST", applications, good, applicant, 409, "already applied"),
        (
            "POST",
            f"/recruitment/calls/{closed_call['call_id']}/applications",
            good,
            as_role("late", Role.APPLICANT),
            409,
            "accepts applications from",
        ),
        ("POST", "/recruitment/calls", {**spec, "target": 0}, officer, 422, "target"),
        (
            "POST",
            f"{application}/reviews",
            {"scores": {"motivation": 9}},
            reviewer,
            404,
            "not assigned",
        ),
        (
            "POST",
            f"{application}/screening-override",
            {"eligible": True, "justification": "ok"},
            officer,
            422,
            "justification",
        ),
        ("POST", f"{application}/offer", {"accept": True}, applicant, 409, "no open offer"),
        ("POST", f"{application}/accept", None, applicant, 403, "not allowed"),
    ]
    for method, path, body, headers, status, message in cases:
        response = await client.request(method, path, json=body, headers=headers)
        assert response.status_code == status, (path, response.text)
        assert message in response.text, (path, response.text)

    assert await row_counts(runtime) == before
