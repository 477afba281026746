"""The grant-progress projection: per grant, committed against disbursed, tranches paid on
time, mentoring minutes and jobs verified at 6 and 12 months.

A grant's events share its Kafka key, so they arrive in the order grants published them, the
award first. An event for a grant whose award was never applied (dead-lettered) starts the row
from what it carries, so nothing it says is lost.
"""

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import (
    GrantAwarded,
    GrantDisbursed,
    JobsVerified,
    MentoringSessionHeld,
)
from diaspora_shared.contracts.money import Money

from ..adapters.grant_tables import GrantProgress
from .grant_report import GrantProgressReport, ProjectProgress, totals
from .projection import Projection, Row, Rule, TableRows

GRANT_PROGRESS_GROUP = "reporting.grant-progress"
GRANTS = GrantProgress.__table__  # type: ignore[attr-defined]
JOB_KINDS = ("total", "women", "youth")


def _row(rows: TableRows, event: Any, key: str, currency: str = "RWF") -> Row:
    return rows.get(key) or {
        "grant_id": key,
        "project_code": event.project_code,
        "currency": currency,
        "awarded_minor": 0,
        "disbursed_minor": 0,
        "tranches_paid": 0,
        "tranches_on_time": 0,
        "mentoring_minutes": 0,
        **{f"jobs_{m}_{kind}": None for m in (6, 12) for kind in JOB_KINDS},
    }


def on_grant_awarded(rows: TableRows, event: GrantAwarded, keys: Sequence[str]) -> None:
    row = _row(rows, event, keys[0], event.amount.currency.value)
    row["awarded_minor"], row["currency"] = event.amount.minor_units, event.amount.currency.value
    rows.put(row)


def on_grant_disbursed(rows: TableRows, event: GrantDisbursed, keys: Sequence[str]) -> None:
    row = _row(rows, event, keys[0], event.amount.currency.value)
    row["disbursed_minor"] += event.amount.minor_units
    row["tranches_paid"] += 1
    row["tranches_on_time"] += 0 if event.late else 1
    rows.put(row)


def on_session_held(rows: TableRows, event: MentoringSessionHeld, keys: Sequence[str]) -> None:
    row = _row(rows, event, keys[0])
    row["mentoring_minutes"] += event.minutes
    rows.put(row)


def on_jobs_verified(rows: TableRows, event: JobsVerified, keys: Sequence[str]) -> None:
    if event.months not in (6, 12):
        return
    row = _row(rows, event, keys[0])
    for kind in JOB_KINDS:
        row[f"jobs_{event.months}_{kind}"] = getattr(event, kind)
    rows.put(row)


def _grant_key(event: Any) -> tuple[str]:
    return (str(event.grant_id),)


GRANT_PROGRESS = Projection(
    name="grant-progress",
    group=GRANT_PROGRESS_GROUP,
    rules={
        GrantAwarded: Rule(table=GRANTS, keys=_grant_key, apply=on_grant_awarded),
        GrantDisbursed: Rule(table=GRANTS, keys=_grant_key, apply=on_grant_disbursed),
        MentoringSessionHeld: Rule(table=GRANTS, keys=_grant_key, apply=on_session_held),
        JobsVerified: Rule(table=GRANTS, keys=_grant_key, apply=on_jobs_verified),
    },
)


async def grant_progress(session: AsyncSession) -> GrantProgressReport:
    query = select(GrantProgress).order_by(col(GrantProgress.project_code))
    projects = [_project(row) for row in (await session.exec(query)).all()]
    return GrantProgressReport(projects=projects, totals=totals(projects))


def _project(row: GrantProgress) -> ProjectProgress:
    jobs = {
        months: {kind: getattr(row, f"jobs_{months}_{kind}") for kind in JOB_KINDS}
        for months in (6, 12)
        if getattr(row, f"jobs_{months}_total") is not None
    }
    return ProjectProgress(
        project_code=row.project_code,
        committed=Money(minor_units=row.awarded_minor, currency=row.currency),
        disbursed=Money(minor_units=row.disbursed_minor, currency=row.currency),
        tranches_paid=row.tranches_paid,
        tranches_on_time=row.tranches_on_time,
        mentoring_hours=round(row.mentoring_minutes / 60, 2),
        jobs_verified=jobs,
    )
