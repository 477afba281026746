"""After the award, on the fake unit of work: mentors, sessions, jobs at 6 and 12 months,
closure; each refusal leaves nothing changed."""

from datetime import date
from uuid import uuid4

import pytest

from diaspora_shared.contracts.events import (
    GrantClosed,
    JobsVerified,
    MentorAssigned,
    MentoringSessionHeld,
)
from grants.domain import errors
from grants.domain.requests import JobsIn, SessionIn, VerificationIn
from grants.service_layer import follow_up

from .grants_fakes import FakeGrantsUnitOfWork, pilot
from .test_grants_use_cases import TODAY, awarded_grant


def jobs(months: int, total: int = 12, women: int = 5, youth: int = 7) -> JobsIn:
    return JobsIn(months=months, total=total, women=women, youth=youth)


def verified(months: int, total: int = 10) -> VerificationIn:
    return VerificationIn(months=months, total=total, women=4, youth=6, still_operating=True)


def session(minutes: int = 90) -> SessionIn:
    return SessionIn.model_validate(
        {"held_on": "2026-05-02", "minutes": minutes, "in_person": True, "topics": ["pricing"]}
    )


async def test_a_grant_goes_from_mentoring_to_closure() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    mentor = uuid4()
    await uow.mentors.set_status(mentor, follow_up.AVAILABLE)
    await follow_up.assign_mentor(uow, grant_id, mentor, TODAY)
    await follow_up.log_session(uow, grant_id, session(90), TODAY)
    await follow_up.log_session(uow, grant_id, session(30), TODAY)
    for months in (6, 12):
        await follow_up.report_jobs(uow, pilot("PP-01"), grant_id, jobs(months), TODAY)
        await follow_up.verify_jobs(uow, grant_id, verified(months), TODAY)
    view = await follow_up.close(uow, grant_id, date(2027, 5, 1))

    assert view.status == "closed" and view.mentoring_minutes == 120
    assert view.jobs[12].verified is not None and view.jobs[12].verified.total == 10
    kinds = [type(event) for event in uow.published]
    assert kinds.count(MentorAssigned) == 1
    assert kinds.count(MentoringSessionHeld) == 2
    assert kinds.count(JobsVerified) == 2
    assert kinds.count(GrantClosed) == 1


async def test_only_an_accepted_professional_can_mentor() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    withdrawn = uuid4()
    await uow.mentors.set_status(withdrawn, follow_up.WITHDRAWN)
    for professional in (uuid4(), withdrawn):
        with pytest.raises(errors.ConflictError, match="accepted professional"):
            await follow_up.assign_mentor(uow, grant_id, professional, TODAY)
    with pytest.raises(errors.ConflictError, match="no active mentor"):
        await follow_up.log_session(uow, grant_id, session(), TODAY)
    assert uow.published[-1].event_type == "grants.grant.awarded.v1"


async def test_jobs_are_verified_only_after_they_are_reported() -> None:
    uow = FakeGrantsUnitOfWork()
    grant_id = await awarded_grant(uow, 1_000_000)
    with pytest.raises(errors.ConflictError, match="after they are reported"):
        await follow_up.verify_jobs(uow, grant_id, verified(6), TODAY)
    with pytest.raises(errors.InvalidInputError):
        await follow_up.report_jobs(uow, pilot("PP-01"), grant_id, jobs(9), TODAY)
    with pytest.raises(errors.InvalidInputError, match="among the total"):
        await follow_up.report_jobs(uow, pilot("PP-01"), grant_id, jobs(6, 3, 4, 1), TODAY)
    with pytest.raises(errors.NotFoundError):
        await follow_up.report_jobs(uow, pilot("PP-99"), grant_id, jobs(6), TODAY)
    with pytest.raises(errors.ConflictError, match="12-month"):
        await follow_up.close(uow, grant_id, TODAY)
    grant = await uow.grants.get(grant_id)
    assert grant.follow_up.milestones == {}
