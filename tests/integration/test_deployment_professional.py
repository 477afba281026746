"""The professional on their own missions, on PostgreSQL: known by the person reference of their
login, they read their missions, record activities and feedback, and submit one end report;
another professional's mission answers 404. One person accepted twice holds no overlapping
missions. The completed mission's event carries the session totals."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy import text

from deployment.service_layer import professionals
from deployment.service_layer.unit_of_work import SqlDeploymentUnitOfWork
from diaspora_shared.contracts.events import ApplicantDataErased
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.service import ServiceRuntime

from .deployment_client import (
    accepted_professional,
    approved_request,
    deployment_client,
    host,
    officer,
    someone,
)
from .deployment_client import professional as signed_in

LOGISTICS = {
    "travel_booked": True,
    "accommodation_booked": True,
    "insured": True,
    "allowance_minor_units": 45_000_000,
    "currency": "RWF",
}
SESSION = {
    "held_on": "2027-03-05",
    "course": "ICT",
    "topic": "Switching",
    "hours": 4,
    "trainers_female": 3,
    "trainers_male": 4,
    "students_female": 9,
    "students_male": 11,
}
STAFF = {"trained_on": "2027-03-06", "cadre": "nurse", "female": 4, "male": 2, "hours": 3}
REPORT = {
    "summary": "Network labs for trainers",
    "achievements": "Two labs running",
    "challenges": "Power cuts",
    "recommendations": "A second switch",
}


@pytest.fixture
async def deployment(
    kafka: str, topic_prefix: str, postgres_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime]]:
    async with deployment_client(kafka, topic_prefix, postgres_url) as started:
        yield started


async def started_mission_of(
    client: httpx.AsyncClient, runtime: ServiceRuntime, subject: str, code: str = "IPRC-KGL"
) -> str:
    request_id = await approved_request(client, code)
    accepted = await accepted_professional(runtime, subject=subject)
    planned = await client.post(
        f"/deployment/requests/{request_id}/missions",
        json={"professional_id": str(accepted)},
        headers=officer(),
    )
    assert planned.status_code == 201, planned.text
    path = f"/deployment/missions/{planned.json()['mission_id']}"
    assert (await client.post(f"{path}/confirm", json=LOGISTICS, headers=officer())).is_success
    assert (await client.post(f"{path}/arrival", headers=host(code))).is_success
    return path


async def test_a_professional_acts_on_their_own_mission_and_nobody_elses(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    alice_path = await started_mission_of(client, runtime, "alice-login")
    bob_path = await started_mission_of(client, runtime, "bob-login")
    alice = signed_in("alice-login")
    listed = await client.get("/deployment/missions", headers=alice)
    assert [f"/deployment/missions/{m['mission_id']}" for m in listed.json()] == [alice_path]
    assert (await client.get(alice_path, headers=alice)).status_code == 200
    assert (await client.post(f"{alice_path}/sessions", json=SESSION, headers=alice)).is_success
    for path in (bob_path, "/deployment/missions/00000000-0000-0000-0000-000000000000"):
        assert (await client.get(path, headers=alice)).status_code == 404
        answer = await client.post(f"{path}/sessions", json=SESSION, headers=alice)
        assert answer.status_code == 404, answer.text
        assert (await client.get(f"{path}/activities", headers=alice)).status_code == 404
    for command in ("arrival", "complete"):
        assert (await client.post(f"{alice_path}/{command}", headers=alice)).status_code == 403
    stranger = signed_in("carol-login")
    assert (await client.get("/deployment/missions", headers=stranger)).json() == []
    assert (await client.get(alice_path, headers=stranger)).status_code == 404


async def test_completion_counts_sessions_then_feedback_and_one_end_report(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    path = await started_mission_of(client, runtime, "alice-login")
    alice = signed_in("alice-login")
    first = (await client.post(f"{path}/sessions", json=SESSION, headers=alice)).json()
    fixed = SESSION | {"hours": 6, "corrects": first["record_id"]}
    assert (await client.post(f"{path}/sessions", json=fixed, headers=alice)).status_code == 201
    assert (await client.post(f"{path}/staff-trained", json=STAFF, headers=alice)).is_success
    early = await client.post(f"{path}/end-report", json=REPORT, headers=alice)
    assert early.status_code == 409, early.text
    assert (await client.post(f"{path}/complete", headers=host("IPRC-KGL"))).is_success
    assert await completed_totals(runtime) == (2, 9.0)
    feedback = await client.post(f"{path}/feedback", json={"rating": 5}, headers=alice)
    assert feedback.json()["details"]["given_by"] == "professional", feedback.text
    bob = signed_in("bob-login")
    assert (await client.post(f"{path}/end-report", json=REPORT, headers=bob)).status_code == 404
    submitted = await client.post(f"{path}/end-report", json=REPORT, headers=alice)
    assert submitted.status_code == 201, submitted.text
    again = await client.post(f"{path}/end-report", json=REPORT, headers=alice)
    assert again.status_code == 409
    for reader in (host("IPRC-KGL"), officer(), alice):
        read = await client.get(f"{path}/end-report", headers=reader)
        assert read.json()["achievements"] == "Two labs running"
    assert (await client.get(f"{path}/end-report", headers=host("IPRC-HYE"))).status_code == 404
    officer_writes = await client.post(f"{path}/end-report", json=REPORT, headers=officer())
    assert officer_writes.status_code == 403
    await erase(runtime, (await client.get(path, headers=officer())).json()["professional_id"])
    assert (await client.get(f"{path}/end-report", headers=officer())).status_code == 404
    assert (await client.get(path, headers=alice)).status_code == 404


async def erase(runtime: ServiceRuntime, professional_id: str) -> None:
    """As if recruitment's ApplicantDataErased had been consumed."""
    event = ApplicantDataErased(
        application_id=UUID(professional_id), call_id=uuid4(), erased_at=datetime.now(UTC)
    )
    async with runtime.unit_of_work() as uow:
        await professionals.on_applicant_data_erased(SqlDeploymentUnitOfWork.over(uow), event)


async def completed_totals(runtime: ServiceRuntime) -> tuple[int, float]:
    query = text(
        "SELECT payload FROM outbox_messages WHERE event_type = 'deployment.mission.completed.v1'"
    )
    async with runtime.database.engine.connect() as connection:
        payload: Any = (await connection.execute(query)).scalar_one()
    data = json.loads(payload) if isinstance(payload, str) else payload
    body = data.get("data", data)
    return body["sessions_recorded"], body["hours_recorded"]


async def test_one_person_accepted_twice_cannot_hold_overlapping_missions(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime],
) -> None:
    client, runtime = deployment
    kigali = await approved_request(client, "IPRC-KGL")
    huye = await approved_request(client, "IPRC-HYE", offset=10)
    first = await accepted_professional(runtime, subject="twice-login")
    second = await accepted_professional(runtime, subject="twice-login")
    other_person = await accepted_professional(runtime, subject="other-login")
    matches = [(kigali, first, 201), (huye, second, 409), (huye, other_person, 201)]
    for request_id, accepted, status in matches:
        answer = await client.post(
            f"/deployment/requests/{request_id}/missions",
            json={"professional_id": str(accepted)},
            headers=officer(),
        )
        assert answer.status_code == status, answer.text
    conflict = await client.post(
        f"/deployment/requests/{huye}/missions",
        json={"professional_id": str(second)},
        headers=officer(),
    )
    assert conflict.json()["code"] == "matching.overlapping_mission"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.MINISTRY_VIEWER, Role.PILOT_PROJECT])
async def test_roles_outside_a_mission_cannot_read_or_write_its_end_report(
    deployment: tuple[httpx.AsyncClient, ServiceRuntime], role: Role
) -> None:
    client, runtime = deployment
    path = await started_mission_of(client, runtime, "alice-login")
    headers = someone(role, None)
    assert (await client.get(f"{path}/end-report", headers=headers)).status_code == 403
    answer = await client.post(f"{path}/end-report", json=REPORT, headers=headers)
    assert answer.status_code == 403
