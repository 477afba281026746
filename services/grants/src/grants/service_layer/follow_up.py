"""After the award: mentor assignment, mentoring sessions, jobs at 6 and 12 months, closure."""

from datetime import date
from uuid import UUID

from diaspora_shared.contracts.events import (
    GrantClosed,
    JobsReported,
    JobsVerified,
    MentorAssigned,
    MentoringSessionHeld,
)
from diaspora_shared.runtime.actors import Actor

from ..adapters.mentor_status import AVAILABLE, ERASED, WITHDRAWN
from ..domain.errors import ConflictError
from ..domain.follow_up import Jobs, MentoringSession
from ..domain.grant import GrantApplication, Status
from ..domain.requests import GrantView, JobsIn, SessionIn, VerificationIn
from .unit_of_work import GrantsUnitOfWork
from .views import ensure_visible, grant_view

__all__ = ["AVAILABLE", "ERASED", "WITHDRAWN"]


async def _awarded(uow: GrantsUnitOfWork, grant_id: UUID) -> GrantApplication:
    grant = await uow.grants.get(grant_id, for_update=True)
    if grant.status != Status.AWARDED:
        raise ConflictError(f"not allowed while the application is {grant.status}")
    return grant


async def _answer(uow: GrantsUnitOfWork, grant: GrantApplication, today: date) -> GrantView:
    await uow.commit()
    return grant_view(grant, await uow.calls.get(grant.call_id), today)


async def assign_mentor(
    uow: GrantsUnitOfWork, grant_id: UUID, professional_id: UUID, today: date
) -> GrantView:
    grant = await _awarded(uow, grant_id)
    if await uow.mentors.status(professional_id) != AVAILABLE:
        raise ConflictError("not an accepted professional", code="mentor.unavailable")
    grant.follow_up.assign_mentor(professional_id)
    uow.record(
        MentorAssigned(
            grant_id=grant_id, project_code=grant.project_code, professional_id=professional_id
        )
    )
    return await _answer(uow, grant, today)


async def log_session(
    uow: GrantsUnitOfWork, grant_id: UUID, given: SessionIn, today: date
) -> GrantView:
    grant = await _awarded(uow, grant_id)
    record_session(uow, grant, given)
    return await _answer(uow, grant, today)


def record_session(uow: GrantsUnitOfWork, grant: GrantApplication, given: SessionIn) -> None:
    """An in-person session is accepted whether or not a mission is known for its day."""
    grant_id, mentor = grant.application_id, grant.follow_up.mentor_id
    session = MentoringSession(professional_id=mentor or grant_id, **given.model_dump())
    grant.follow_up.log_session(session)
    assert mentor is not None
    uow.record(
        MentoringSessionHeld(
            grant_id=grant_id,
            project_code=grant.project_code,
            professional_id=mentor,
            held_on=given.held_on,
            minutes=given.minutes,
            in_person=given.in_person,
        )
    )


async def report_jobs(
    uow: GrantsUnitOfWork, actor: Actor, grant_id: UUID, given: JobsIn, today: date
) -> GrantView:
    grant = await _awarded(uow, grant_id)
    ensure_visible(actor, grant)
    jobs = Jobs(total=given.total, women=given.women, youth=given.youth)
    grant.follow_up.report_jobs(given.months, jobs)
    uow.record(
        JobsReported(
            grant_id=grant_id,
            project_code=grant.project_code,
            months=given.months,
            **jobs.model_dump(),
        )
    )
    return await _answer(uow, grant, today)


async def verify_jobs(
    uow: GrantsUnitOfWork, grant_id: UUID, given: VerificationIn, today: date
) -> GrantView:
    grant = await _awarded(uow, grant_id)
    jobs = Jobs(total=given.total, women=given.women, youth=given.youth)
    grant.follow_up.verify_jobs(given.months, jobs, given.still_operating)
    uow.record(
        JobsVerified(
            grant_id=grant_id,
            project_code=grant.project_code,
            months=given.months,
            still_operating=given.still_operating,
            **jobs.model_dump(),
        )
    )
    return await _answer(uow, grant, today)


async def close(uow: GrantsUnitOfWork, grant_id: UUID, today: date) -> GrantView:
    grant = await _awarded(uow, grant_id)
    grant.follow_up.close(today)
    grant.status = Status.CLOSED
    uow.record(
        GrantClosed(
            grant_id=grant_id,
            project_code=grant.project_code,
            disbursed=grant.disbursed(),
            closed_on=today,
        )
    )
    return await _answer(uow, grant, today)
