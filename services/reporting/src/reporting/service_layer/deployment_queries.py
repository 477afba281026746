"""Read side of deployment, per host institution (the eight IPRCs and the hospitals): missions
by state, training sessions and the trainers and students in them by sex and course, health
services by type, staff trained by cadre and sex, the mean assessment gain, and person-days."""

import json
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS

from ..adapters.deployment_tables import DeploymentFact

HOSTS = {host.code: host.name for host in (*IPRCS, *HOSPITALS)}


class BySex(BaseModel):
    female: int = 0
    male: int = 0


class InstitutionDeployment(BaseModel):
    institution_code: str
    institution_name: str
    missions_by_state: dict[str, int] = Field(description="Missions per current state.")
    person_days: int = Field(description="Days on mission of completed missions.")
    training_sessions: int
    training_hours: float
    trainers_by_sex: BySex
    students_by_sex: BySex
    trainees_by_course: dict[str, BySex] = Field(description="Trainers and students together.")
    health_services_by_type: dict[str, int]
    staff_trained_by_cadre: dict[str, BySex]
    mean_assessment_gain: float | None = Field(
        description="Post minus pre mean score, weighted by participants; null without any."
    )
    share_passing_after: float | None = Field(
        description="Share of assessed participants at or above the pass mark afterwards."
    )


class DeploymentReport(BaseModel):
    institutions: list[InstitutionDeployment]


async def deployment_report(session: AsyncSession) -> DeploymentReport:
    by_institution: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for row in (await session.exec(select(DeploymentFact))).all():
        facts = json.loads(row.facts)
        if not facts.get("superseded"):
            by_institution.setdefault(row.institution_code, []).append((row.kind, facts))
    return DeploymentReport(
        institutions=[_institution(code, by_institution[code]) for code in sorted(by_institution)]
    )


def _institution(code: str, facts: list[tuple[str, dict[str, Any]]]) -> InstitutionDeployment:
    of = {kind: [f for k, f in facts if k == kind] for kind in {k for k, _ in facts}}
    missions, sessions = of.get("mission", []), of.get("training_session", [])
    return InstitutionDeployment(
        institution_code=code,
        institution_name=HOSTS.get(code, code),
        missions_by_state=dict(Counter(m["state"] for m in missions)),
        person_days=sum(m["person_days"] for m in missions),
        training_sessions=len(sessions),
        training_hours=sum(s["hours"] for s in sessions),
        trainers_by_sex=_sum_by_sex(sessions, "trainers_"),
        students_by_sex=_sum_by_sex(sessions, "students_"),
        trainees_by_course=_trainees_by_course(sessions),
        health_services_by_type=_services(of.get("health_service", [])),
        staff_trained_by_cadre=_staff(of.get("staff_trained", [])),
        mean_assessment_gain=_gain(of.get("skills_assessment", [])),
        share_passing_after=_passing(of.get("skills_assessment", [])),
    )


def _sum_by_sex(facts: list[dict[str, Any]], prefix: str = "") -> BySex:
    return BySex(
        female=sum(f[f"{prefix}female"] for f in facts),
        male=sum(f[f"{prefix}male"] for f in facts),
    )


def _trainees_by_course(sessions: list[dict[str, Any]]) -> dict[str, BySex]:
    courses: dict[str, BySex] = {}
    for course in sorted({s["course"] for s in sessions}):
        held = [s for s in sessions if s["course"] == course]
        trainers, students = _sum_by_sex(held, "trainers_"), _sum_by_sex(held, "students_")
        courses[course] = BySex(
            female=trainers.female + students.female, male=trainers.male + students.male
        )
    return courses


def _services(services: list[dict[str, Any]]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for service in services:
        totals[service["service_type"]] += service["count"]
    return dict(totals)


def _staff(trainings: list[dict[str, Any]]) -> dict[str, BySex]:
    cadres = sorted({t["cadre"] for t in trainings})
    return {c: _sum_by_sex([t for t in trainings if t["cadre"] == c]) for c in cadres}


def _gain(assessments: list[dict[str, Any]]) -> float | None:
    people: int = sum(a["participants"] for a in assessments)
    if not people:
        return None
    gained: float = sum(
        (a["mean_post_score"] - a["mean_pre_score"]) * a["participants"] for a in assessments
    )
    return round(gained / people, 2)


def _passing(assessments: list[dict[str, Any]]) -> float | None:
    people: int = sum(a["participants"] for a in assessments)
    passed: int = sum(a["passed_after"] for a in assessments)
    return round(passed / people, 4) if people else None
