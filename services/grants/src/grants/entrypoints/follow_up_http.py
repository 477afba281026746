"""Grants' HTTP API after the award: mentor, sessions, jobs, closure."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.requests import GrantView, JobsIn, MentorIn, SessionIn, VerificationIn
from ..service_layer import follow_up
from ..service_layer.unit_of_work import SqlGrantsUnitOfWork
from .dependencies import ActorDep, TodayDep, UowDep

router = APIRouter(prefix="/grants/applications/{grant_id}", tags=["follow-up"])
OFFICER = Depends(allow(Role.IOM_OFFICER))
ANSWERS = problems(404, 409)


@router.post("/mentor", responses=ANSWERS, dependencies=[OFFICER], summary="Assign a mentor")
async def assign_mentor(grant_id: UUID, body: MentorIn, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await follow_up.assign_mentor(
            SqlGrantsUnitOfWork(uow), grant_id, body.professional_id, today
        )


@router.post(
    "/mentoring-sessions", responses=ANSWERS, dependencies=[OFFICER], summary="Log a session"
)
async def log_session(grant_id: UUID, body: SessionIn, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await follow_up.log_session(SqlGrantsUnitOfWork(uow), grant_id, body, today)


@router.post(
    "/jobs",
    responses=ANSWERS,
    dependencies=[Depends(allow(Role.PILOT_PROJECT))],
    summary="Report the jobs created at 6 or 12 months (the pilot project itself)",
)
async def report_jobs(
    grant_id: UUID, body: JobsIn, actor: ActorDep, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await follow_up.report_jobs(SqlGrantsUnitOfWork(uow), actor, grant_id, body, today)


@router.post(
    "/jobs/verification",
    responses=ANSWERS,
    dependencies=[OFFICER],
    summary="Verify the jobs reported at 6 or 12 months",
)
async def verify_jobs(
    grant_id: UUID, body: VerificationIn, uow: UowDep, today: TodayDep
) -> GrantView:
    async with uow:
        return await follow_up.verify_jobs(SqlGrantsUnitOfWork(uow), grant_id, body, today)


@router.post("/closure", responses=ANSWERS, dependencies=[OFFICER], summary="Close the grant")
async def close(grant_id: UUID, uow: UowDep, today: TodayDep) -> GrantView:
    async with uow:
        return await follow_up.close(SqlGrantsUnitOfWork(uow), grant_id, today)
