"""Flat views of the read models, one list of records per source, for the indicator evaluator.

Each record is a plain dict of the fields its source declares in `SOURCE_FIELDS`. Counts the
read models hold by sex (trainers, students, staff) become one record per sex, so "by sex" is a
disaggregation like any other. Nothing here reads events: only the projections' tables.
"""

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS
from diaspora_shared.contracts.vocabulary import Track

from ..adapters.deployment_tables import DeploymentFact
from ..adapters.grant_tables import GrantProgress
from ..adapters.indicator_tables import IndicatorFact

Record = dict[str, Any]
SEXES = ("female", "male")
PLACE = ("record", "institution", "district", "track", "date")
SOURCE_FIELDS: dict[str, frozenset[str]] = {
    "missions": frozenset(
        {"mission", "professional", "state", "track", "institution", "district", "course"}
        | {"person_days", "date", "sex", "country"}
    ),
    "training_sessions": frozenset({*PLACE, "course", "hours"}),
    "trainees": frozenset({*PLACE, "course", "sex", "role", "people"}),
    "health_services": frozenset({*PLACE, "service_type", "count"}),
    "staff_trained": frozenset({*PLACE, "cadre", "sex", "people"}),
    "assessments": frozenset({*PLACE, "participants", "gain_points", "passed"}),
    "feedback": frozenset({*PLACE, "given_by", "rating"}),
    "grants": frozenset(
        {"grant", "project", "sector", "track", "currency", "committed", "disbursed"}
        | {"tranches_paid", "tranches_on_time", "mentoring_hours", "sessions"}
        | {f"jobs_{m}_{kind}" for m in (6, 12) for kind in ("total", "women", "youth")}
        | {"operating_12"}
    ),
}
SOURCE_PROJECTIONS: dict[str, tuple[str, ...]] = {
    "missions": ("deployment", "indicator-facts"),
    **{source: ("deployment",) for source in SOURCE_FIELDS if source not in {"missions", "grants"}},
    "grants": ("grant-progress", "indicator-facts"),
}
"""The projections (read models) each source is read from."""
UNDATED_SOURCES = frozenset({"grants", "feedback"})
"""Sources whose read model keeps no date: a period does not narrow them."""

_HOSTS = {
    **{iprc.code: (iprc.district, Track.TVET.value) for iprc in IPRCS},
    **{hospital.code: (hospital.district, Track.HEALTH.value) for hospital in HOSPITALS},
}


async def load_sources(session: AsyncSession) -> dict[str, list[Record]]:
    extra = {row.fact_key: json.loads(row.facts) for row in await _all(session, IndicatorFact)}
    records: dict[str, list[Record]] = {name: [] for name in SOURCE_FIELDS}
    for row in await _all(session, DeploymentFact):
        facts = json.loads(row.facts)
        if facts.get("superseded"):
            continue
        place = _place(row.fact_key.split(":", 1)[1], row.institution_code)
        for source, record in _deployment_records(row.kind, facts, place, extra):
            records[source].append(record)
    records["grants"] = [_grant(row, extra) for row in await _all(session, GrantProgress)]
    return records


async def _all(session: AsyncSession, table: Any) -> list[Any]:
    return list((await session.exec(select(table))).all())


def _place(record: str, institution: str) -> Record:
    district, track = _HOSTS.get(institution, (None, None))
    return {"record": record, "institution": institution, "district": district, "track": track}


def _deployment_records(
    kind: str, facts: Record, place: Record, extra: dict[str, Record]
) -> Iterator[tuple[str, Record]]:
    if kind == "mission":
        yield "missions", _mission(facts, place, extra)
    elif kind == "training_session":
        yield from _training(facts, place | {"date": _day(facts["held_on"])})
    elif kind == "health_service":
        service = {"service_type": facts["service_type"], "count": facts["count"]}
        yield "health_services", place | {"date": _day(facts["delivered_on"])} | service
    elif kind == "staff_trained":
        trained = place | {"date": _day(facts["trained_on"]), "cadre": facts["cadre"]}
        for sex in SEXES:
            yield "staff_trained", trained | {"sex": sex, "people": facts[sex]}
    elif kind == "skills_assessment":
        yield "assessments", _assessment(facts, place)
    elif kind == "feedback":
        rating = {"given_by": facts["given_by"], "rating": facts["rating"]}
        yield "feedback", place | {"date": None} | rating


def _mission(facts: Record, place: Record, extra: dict[str, Record]) -> Record:
    link = extra.get(f"mission:{place['record']}", {})
    profile = extra.get(f"professional:{link.get('professional')}", {})
    return {
        "mission": place["record"],
        "professional": link.get("professional"),
        "state": facts["state"],
        "track": facts["track"],
        "institution": place["institution"],
        "district": place["district"],
        "course": link.get("course"),
        "person_days": facts["person_days"],
        "date": _day(facts["starts_on"]),
        "sex": profile.get("sex"),
        "country": profile.get("country"),
    }


def _training(facts: Record, place: Record) -> Iterator[tuple[str, Record]]:
    yield "training_sessions", place | {"course": facts["course"], "hours": facts["hours"]}
    for role in ("trainer", "student"):
        for sex in SEXES:
            people = facts[f"{role}s_{sex}"]
            yield (
                "trainees",
                place | {"course": facts["course"], "sex": sex, "role": role} | {"people": people},
            )


def _assessment(facts: Record, place: Record) -> Record:
    gain = (facts["mean_post_score"] - facts["mean_pre_score"]) * facts["participants"]
    return place | {
        "date": _day(facts["assessed_on"]),
        "participants": facts["participants"],
        "gain_points": gain,
        "passed": facts["passed_after"],
    }


def _grant(row: GrantProgress, extra: dict[str, Record]) -> Record:
    more = extra.get(f"grant:{row.grant_id}", {})
    jobs = {
        f"jobs_{m}_{kind}": getattr(row, f"jobs_{m}_{kind}")
        for m in (6, 12)
        for kind in ("total", "women", "youth")
    }
    return jobs | {
        "grant": row.grant_id,
        "project": row.project_code,
        "sector": more.get("sector"),
        "track": Track.TVET.value,
        "currency": row.currency,
        "committed": row.awarded_minor,
        "disbursed": row.disbursed_minor,
        "tranches_paid": row.tranches_paid,
        "tranches_on_time": row.tranches_on_time,
        "mentoring_hours": row.mentoring_minutes / 60,
        "sessions": more.get("sessions", 0),
        "operating_12": more.get("operating_12"),
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
