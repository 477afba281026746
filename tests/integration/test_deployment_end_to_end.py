"""End to end on real Kafka and PostgreSQL, each service with its own database: recruitment
accepts 31 TVET and 10 Health professionals; deployment learns of them from its events; 30 TVET
missions run over the eight IPRCs and 10 Health missions at CHUK and CHUB, with sessions (one
corrected), services, staff trained and assessments; one professional withdraws and their
planned mission is cancelled by the event. Reporting's deployment report equals the counts the
test computes from what it sent."""

import random
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS
from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.service_layer import applications
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork
from reporting.service_layer.deployment_queries import DeploymentReport, deployment_report

from ..conftest import DatabaseFactory
from ..kafka_helpers import eventually
from ..runtimes import (
    accept_new_applicant,
    open_call,
    recruitment_runtime,
    reporting_runtime,
    running,
)
from .deployment_client import deployment_client, host, officer, terms

TVET_MISSIONS, HEALTH_MISSIONS = 30, 10
LOGISTICS = {
    "travel_booked": True,
    "accommodation_booked": True,
    "insured": True,
    "allowance_minor_units": 60_000_000,
    "currency": "RWF",
}


class Expected:
    """What the report must say, tallied from what the test sends."""

    def __init__(self) -> None:
        self.by: dict[str, dict[str, Any]] = defaultdict(
            lambda: {
                "missions_by_state": Counter(),
                "person_days": 0,
                "training_sessions": 0,
                "trainers_by_sex": Counter(),
                "students_by_sex": Counter(),
                "health_services_by_type": Counter(),
                "staff_trained_by_cadre": defaultdict(Counter),
                "gain": [0.0, 0],
                "passed": 0,
            }
        )

    def report_fields(self, code: str) -> dict[str, Any]:
        tally = self.by[code]
        gained, people = tally["gain"]
        return {
            "missions_by_state": dict(tally["missions_by_state"]),
            "person_days": tally["person_days"],
            "training_sessions": tally["training_sessions"],
            "trainers_by_sex": _by_sex(tally["trainers_by_sex"]),
            "students_by_sex": _by_sex(tally["students_by_sex"]),
            "health_services_by_type": dict(tally["health_services_by_type"]),
            "staff_trained_by_cadre": {
                c: _by_sex(s) for c, s in sorted(tally["staff_trained_by_cadre"].items())
            },
            "mean_assessment_gain": round(gained / people, 2) if people else None,
            "share_passing_after": round(tally["passed"] / people, 4) if people else None,
        }


def _by_sex(counts: Counter[str]) -> dict[str, int]:
    return {"female": counts["female"], "male": counts["male"]}


@pytest.fixture
async def services(
    kafka: str, topic_prefix: str, new_postgres_database: DatabaseFactory
) -> AsyncIterator[tuple[ServiceRuntime, httpx.AsyncClient, ServiceRuntime]]:
    recruitment = recruitment_runtime(kafka, topic_prefix, await new_postgres_database())
    reporting = reporting_runtime(kafka, topic_prefix, await new_postgres_database())
    deployment_db = await new_postgres_database()
    async with (
        running(recruitment),
        running(reporting),
        deployment_client(kafka, topic_prefix, deployment_db) as (client, _deployment),
    ):
        yield recruitment, client, reporting


async def ok(answer: Any) -> Any:
    response = await answer
    assert response.status_code in (200, 201), response.text
    return response.json()


async def accept_professionals(recruitment: ServiceRuntime) -> tuple[list[UUID], list[UUID]]:
    tvet_call = await open_call(recruitment, Track.TVET, TVET_MISSIONS + 1)
    health_call = await open_call(recruitment, Track.HEALTH, HEALTH_MISSIONS)
    tvet = [
        await accept_new_applicant(recruitment, tvet_call, [Sex.FEMALE, Sex.MALE][i % 2], i)
        for i in range(TVET_MISSIONS + 1)
    ]
    health = [
        await accept_new_applicant(recruitment, health_call, Sex.FEMALE, 100 + i, "Surgery")
        for i in range(HEALTH_MISSIONS)
    ]
    return tvet, health


async def plan(client: httpx.AsyncClient, code: str, professional: UUID, course: str) -> str:
    request = await ok(
        client.post(
            "/deployment/requests",
            json=terms() | {"course_or_specialty": course},
            headers=host(code),
        )
    )
    await ok(
        client.post(f"/deployment/requests/{request['request_id']}/approve", headers=officer())
    )
    mission = await ok(
        client.post(
            f"/deployment/requests/{request['request_id']}/missions",
            json={"professional_id": str(professional)},
            headers=officer(),
        )
    )
    mission_id: str = mission["mission_id"]
    await ok(
        client.post(f"/deployment/missions/{mission_id}/confirm", json=LOGISTICS, headers=officer())
    )
    await ok(client.post(f"/deployment/missions/{mission_id}/arrival", headers=host(code)))
    return mission_id


async def run_tvet(
    client: httpx.AsyncClient,
    rng: random.Random,
    code: str,
    mission: str,
    expected: Expected,
    corrected: bool,
) -> None:
    counts = {
        k: rng.randint(0, 12)
        for k in ("trainers_female", "trainers_male", "students_female", "students_male")
    }
    body = {"held_on": "2027-03-04", "course": "ICT", "topic": "Networks", "hours": 6} | counts
    first = await ok(
        client.post(f"/deployment/missions/{mission}/sessions", json=body, headers=host(code))
    )
    if corrected:
        counts = counts | {"students_male": counts["students_male"] + 3}
        fixed = body | counts | {"corrects": first["record_id"]}
        await ok(
            client.post(f"/deployment/missions/{mission}/sessions", json=fixed, headers=host(code))
        )
    tally = expected.by[code]
    tally["training_sessions"] += 1
    for sex in ("female", "male"):
        tally["trainers_by_sex"][sex] += counts[f"trainers_{sex}"]
        tally["students_by_sex"][sex] += counts[f"students_{sex}"]


async def run_health(
    client: httpx.AsyncClient, rng: random.Random, code: str, mission: str, expected: Expected
) -> None:
    kind, count = rng.choice(["consultation", "surgery", "procedure"]), rng.randint(1, 20)
    service = {"delivered_on": "2027-03-05", "service_type": kind, "count": count}
    await ok(
        client.post(
            f"/deployment/missions/{mission}/health-services", json=service, headers=host(code)
        )
    )
    female, male = rng.randint(0, 8), rng.randint(0, 8)
    staff = {
        "trained_on": "2027-03-06",
        "cadre": "nurse",
        "female": female,
        "male": male,
        "hours": 4,
    }
    await ok(
        client.post(f"/deployment/missions/{mission}/staff-trained", json=staff, headers=host(code))
    )
    pre, post, people = rng.randint(20, 50), rng.randint(50, 90), rng.randint(1, 15)
    passed = rng.randint(0, people)
    assessment = {
        "assessed_on": "2027-03-07",
        "participant_group": "nurses",
        "participants": people,
        "mean_pre_score": pre,
        "mean_post_score": post,
        "pass_mark": 60,
        "passed_after": passed,
    }
    await ok(
        client.post(
            f"/deployment/missions/{mission}/assessments", json=assessment, headers=host(code)
        )
    )
    tally = expected.by[code]
    tally["health_services_by_type"][kind] += count
    tally["staff_trained_by_cadre"]["nurse"].update({"female": female, "male": male})
    tally["gain"][0] += (post - pre) * people
    tally["gain"][1] += people
    tally["passed"] += passed


async def finish(
    client: httpx.AsyncClient, code: str, mission: str, complete: bool, expected: Expected
) -> None:
    if complete:
        await ok(client.post(f"/deployment/missions/{mission}/complete", headers=host(code)))
        expected.by[code]["person_days"] += 30
    expected.by[code]["missions_by_state"]["completed" if complete else "started"] += 1


async def test_missions_from_acceptance_to_report(
    services: tuple[ServiceRuntime, httpx.AsyncClient, ServiceRuntime],
) -> None:
    recruitment, client, reporting = services
    rng, expected = random.Random(10), Expected()
    tvet, health = await accept_professionals(recruitment)

    async def all_available() -> bool:
        listed = await client.get("/deployment/professionals", headers=officer())
        return len(listed.json()) == len(tvet) + len(health)

    await eventually(all_available, timeout=60)
    for index, professional in enumerate(tvet[:TVET_MISSIONS]):
        code = IPRCS[index % len(IPRCS)].code
        mission = await plan(client, code, professional, "ICT")
        await run_tvet(client, rng, code, mission, expected, corrected=index == 0)
        await finish(client, code, mission, index % 3 != 0, expected)
    for index, professional in enumerate(health):
        code = HOSPITALS[index % 2].code
        mission = await plan(client, code, professional, "Surgery")
        await run_health(client, rng, code, mission, expected)
        await finish(client, code, mission, index % 2 == 0, expected)
    leaving = await withdrawing_professional_mission(client, recruitment, tvet[-1])
    expected.by["IPRC-KGL"]["missions_by_state"]["cancelled"] += 1

    async def cancelled() -> bool:
        answer = await client.get(f"/deployment/missions/{leaving}", headers=officer())
        return bool(answer.json()["status"] == "cancelled")

    await eventually(cancelled, timeout=30)

    async def report_matches() -> DeploymentReport | None:
        async with reporting.database.session() as session:
            report = await deployment_report(session)
        found = {i.institution_code: i.model_dump(include=FIELDS) for i in report.institutions}
        wanted = {code: expected.report_fields(code) for code in expected.by}
        return report if found == wanted else None

    report = await eventually(report_matches, timeout=60)
    assert len(report.institutions) == len(IPRCS) + 2


FIELDS = {
    "missions_by_state",
    "person_days",
    "training_sessions",
    "trainers_by_sex",
    "students_by_sex",
    "health_services_by_type",
    "staff_trained_by_cadre",
    "mean_assessment_gain",
    "share_passing_after",
}


async def withdrawing_professional_mission(
    client: httpx.AsyncClient, recruitment: ServiceRuntime, professional: UUID
) -> str:
    """A planned mission whose professional then withdraws in recruitment."""
    request = await ok(client.post("/deployment/requests", json=terms(), headers=host("IPRC-KGL")))
    await ok(
        client.post(f"/deployment/requests/{request['request_id']}/approve", headers=officer())
    )
    mission = await ok(
        client.post(
            f"/deployment/requests/{request['request_id']}/missions",
            json={"professional_id": str(professional)},
            headers=officer(),
        )
    )
    applicant = Actor(f"applicant-{TVET_MISSIONS}", Role.APPLICANT)
    async with recruitment.unit_of_work() as uow:
        await applications.withdraw_application(
            SqlRecruitmentUnitOfWork(uow), applicant, professional
        )
    mission_id: str = mission["mission_id"]
    return mission_id
