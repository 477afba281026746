"""Projection of grants' events into grant progress: committed against disbursed, tranches
paid on time, mentoring hours and jobs verified at 6 and 12 months, per project and in total.

A grant's events share its Kafka key, so they arrive in the order grants published them. Each
handler runs in the consumer's transaction with the event id, so a redelivery counts once.
"""

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    GrantAwarded,
    GrantDisbursed,
    JobsVerified,
    MentoringSessionHeld,
)
from diaspora_shared.contracts.money import Money

from ..adapters.grant_tables import GrantProgress
from .grant_report import GrantProgressReport, ProjectProgress, totals


async def _row(
    session: AsyncSession, grant_id: str, project_code: str, currency: str
) -> GrantProgress:
    row = await session.get(GrantProgress, grant_id)
    if row is None:
        row = GrantProgress(grant_id=grant_id, project_code=project_code, currency=currency)
        session.add(row)
    return row


async def on_grant_awarded(session: AsyncSession, event: GrantAwarded, _e: Envelope) -> None:
    row = await _row(session, str(event.grant_id), event.project_code, event.amount.currency)
    row.awarded_minor = event.amount.minor_units
    row.currency = event.amount.currency.value


async def on_grant_disbursed(session: AsyncSession, event: GrantDisbursed, _e: Envelope) -> None:
    row = await _row(session, str(event.grant_id), event.project_code, event.amount.currency)
    row.disbursed_minor += event.amount.minor_units
    row.tranches_paid += 1
    row.tranches_on_time += 0 if event.late else 1


async def on_session_held(session: AsyncSession, event: MentoringSessionHeld, _e: Envelope) -> None:
    row = await session.get(GrantProgress, str(event.grant_id))
    if row is not None:
        row.mentoring_minutes += event.minutes


async def on_jobs_verified(session: AsyncSession, event: JobsVerified, _e: Envelope) -> None:
    row = await session.get(GrantProgress, str(event.grant_id))
    if row is None or event.months not in (6, 12):
        return
    for kind in ("total", "women", "youth"):
        setattr(row, f"jobs_{event.months}_{kind}", getattr(event, kind))


async def grant_progress(session: AsyncSession) -> GrantProgressReport:
    rows = (
        await session.exec(select(GrantProgress).order_by(col(GrantProgress.project_code)))
    ).all()
    projects = [
        ProjectProgress(
            project_code=row.project_code,
            committed=Money(minor_units=row.awarded_minor, currency=row.currency),
            disbursed=Money(minor_units=row.disbursed_minor, currency=row.currency),
            tranches_paid=row.tranches_paid,
            tranches_on_time=row.tranches_on_time,
            mentoring_hours=round(row.mentoring_minutes / 60, 2),
            jobs_verified={
                months: {
                    kind: getattr(row, f"jobs_{months}_{kind}")
                    for kind in ("total", "women", "youth")
                }
                for months in (6, 12)
                if getattr(row, f"jobs_{months}_total") is not None
            },
        )
        for row in rows
    ]
    return GrantProgressReport(projects=projects, totals=totals(projects))
