"""End to end on real Kafka: ten pilot projects awarded, tranches paid (some late), mentors
from recruitment's accepted professionals, sessions held, jobs verified; reporting's grant
progress equals the test's own computation."""

from typing import Any

from reporting.service_layer.grant_progress import grant_progress
from reporting.service_layer.grant_report import GrantProgressReport

from ..kafka_helpers import eventually
from ..runtimes import reporting_runtime, running
from ..unit.grants_fakes import call_spec, rwf
from .recruitment_http import count_rows
from .test_consumer import accepted_event
from .test_grants_http import Client, grants, officer, pilot, post, reviewer
from .test_grants_mentors import publish

__all__ = ["grants"]  # the fixture, imported for pytest

PROJECTS = 10
FIGURES = ("code", "committed", "disbursed", "paid", "on_time")


def award(index: int) -> tuple[int, int]:
    first, second = 1_000_000 + index * 10_000, 500_000 + index
    return first, second


async def award_and_follow(client: Client, call_id: str, index: int) -> dict[str, Any]:
    """Walk one project; return what the report must show for it."""
    http, _ = client
    code = f"PP-{index:02d}"
    first, second = award(index)
    budget = {"sector": "energy", "budget": [{"item": "turbine", "amount": rwf(first + second)}]}
    grant_id = (await post(http, f"/grants/calls/{call_id}/applications", budget, pilot(code)))[
        "application_id"
    ]
    base = f"/grants/applications/{grant_id}"
    await post(http, f"{base}/screening", {}, officer())
    await post(http, f"{base}/reviewers", {"reviewer": "reviewer-1"}, officer())
    await post(http, f"{base}/reviews", {"scores": {"impact": 3, "feasibility": 4}}, reviewer())
    await post(http, f"{base}/decision", {"approve": True}, officer())
    tranches = [
        {"amount": rwf(first), "due_on": "2026-06-01", "conditions": ["report"]},
        {"amount": rwf(second), "due_on": "2026-12-01", "conditions": []},
    ]
    terms = {"amount": rwf(first + second), "signed_on": "2026-04-01", "tranches": tranches}
    await post(http, f"{base}/award", terms, officer())
    expected: dict[str, Any] = {"code": code, "committed": first + second, "disbursed": 0}
    expected |= {"paid": 0, "on_time": 0, "minutes": 0, "jobs_6": None}
    if index % 2 == 0:
        tranche = f"{base}/tranches/1"
        await post(
            http, f"{tranche}/conditions", {"condition": "report", "evidence": "ok"}, officer()
        )
        await post(http, f"{tranche}/release-request", {}, officer("officer-a"))
        await post(http, f"{tranche}/approval", {}, officer("officer-b"))
        paid_on = "2026-05-20" if index % 4 == 0 else "2026-06-10"
        payment = {"payment_reference": f"PAY-{code}-1", "disbursed_on": paid_on}
        await post(http, f"{tranche}/disbursement", payment, officer())
        expected |= {"disbursed": first, "paid": 1, "on_time": int(index % 4 == 0)}
    mentor = {"professional_id": str(accepted_event(100 + index).application_id)}
    await post(http, f"{base}/mentor", mentor, officer())
    for minutes in range(30, 30 + 30 * (index % 3 + 1), 30):
        held = {"held_on": "2026-05-01", "minutes": minutes, "in_person": True, "topics": ["ops"]}
        await post(http, f"{base}/mentoring-sessions", held, officer())
        expected["minutes"] += minutes
    if index % 3 == 0:
        jobs = {"months": 6, "total": 4 + index, "women": 2, "youth": 3}
        await post(http, f"{base}/jobs", jobs, pilot(code))
        await post(http, f"{base}/jobs/verification", {**jobs, "still_operating": True}, officer())
        expected["jobs_6"] = {"total": 4 + index, "women": 2, "youth": 3}
    return expected


async def test_grant_progress_equals_the_walked_grants(
    grants: Client, kafka: str, topic_prefix: str, new_postgres_database: Any
) -> None:
    http, _ = grants
    for index in range(PROJECTS):
        await publish(kafka, topic_prefix, accepted_event(100 + index))
    spec = call_spec(envelope=50_000_000, ceiling=5_000_000).model_dump(mode="json")
    call_id = (await post(http, "/grants/calls", spec, officer()))["call_id"]

    async def mentors_known() -> bool:
        return await count_rows(grants[1], "mentors", "status = 'available'") == PROJECTS

    await eventually(mentors_known)
    expected = [await award_and_follow(grants, call_id, index) for index in range(PROJECTS)]

    wanted = [(*(e[k] for k in FIGURES), e["minutes"] / 60, e["jobs_6"]) for e in expected]
    reporting = reporting_runtime(kafka, topic_prefix, await new_postgres_database())
    async with running(reporting):

        async def report() -> Any:
            async with reporting.database.session() as session:
                current = await grant_progress(session)
            return current if summary(current) == wanted else None

        final = await eventually(report, timeout=60)

    assert summary(final) == wanted
    assert final.totals[0].committed.minor_units == sum(e["committed"] for e in expected)
    assert final.totals[0].disbursed.minor_units == sum(e["disbursed"] for e in expected)


def summary(report: GrantProgressReport) -> list[tuple[Any, ...]]:
    return [
        (
            p.project_code,
            p.committed.minor_units,
            p.disbursed.minor_units,
            p.tranches_paid,
            p.tranches_on_time,
            p.mentoring_hours,
            p.jobs_verified.get(6),
        )
        for p in report.projects
    ]
