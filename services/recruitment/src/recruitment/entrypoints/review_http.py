"""Review routes: assignment (officer), conflicts and scores (assigned reviewer)."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.review import ReviewScores
from ..domain.review_views import (
    AssignmentView,
    ConflictDeclaration,
    ReviewerAssignment,
    ReviewSummary,
    ReviewView,
)
from ..service_layer import reviews
from ..service_layer.unit_of_work import SqlRecruitmentUnitOfWork
from .dependencies import ActorDep, SessionDep, UowDep

router = APIRouter(prefix="/recruitment", tags=["reviews"])


@router.post(
    "/applications/{application_id}/reviewers",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    status_code=201,
)
async def assign_reviewer(
    application_id: UUID, body: ReviewerAssignment, actor: ActorDep, uow: UowDep
) -> ReviewSummary:
    async with uow:
        return await reviews.assign_reviewer(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, body.reviewer_subject
        )


@router.get(
    "/reviews/mine",
    dependencies=[Depends(allow(Role.REVIEWER))],
    summary="Applications assigned to me (reviewer)",
)
async def my_assignments(actor: ActorDep, session: SessionDep) -> list[AssignmentView]:
    return await reviews.my_assignments(session, actor)


@router.get(
    "/applications/{application_id}/reviews",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER, Role.REVIEWER))],
)
async def review_summary(
    application_id: UUID, actor: ActorDep, session: SessionDep
) -> ReviewSummary:
    return await reviews.review_summary(session, actor, application_id)


@router.post(
    "/applications/{application_id}/reviews/conflict",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.REVIEWER))],
)
async def declare_conflict(
    application_id: UUID, body: ConflictDeclaration, actor: ActorDep, uow: UowDep
) -> ReviewView:
    async with uow:
        return await reviews.declare_conflict(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, body
        )


@router.post(
    "/applications/{application_id}/reviews",
    responses=problems(404, 409),
    dependencies=[Depends(allow(Role.REVIEWER))],
    status_code=201,
)
async def submit_review(
    application_id: UUID, body: ReviewScores, actor: ActorDep, uow: UowDep
) -> ReviewSummary:
    async with uow:
        return await reviews.submit_review(
            SqlRecruitmentUnitOfWork(uow), actor, application_id, body
        )
