"""Grants' HTTP API for mentors themselves (role `applicant`, matched by person reference)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.dependencies import service_runtime
from diaspora_shared.runtime.http_problems import problems
from diaspora_shared.runtime.person_ref import person_ref

from ..domain.requests import MentoredProjectView, SessionIn
from ..service_layer import own_mentoring
from ..service_layer.unit_of_work import SqlGrantsUnitOfWork
from .dependencies import ActorDep, UowDep

router = APIRouter(prefix="/grants/my-mentoring", tags=["mentors"])
MENTOR = Depends(allow(Role.APPLICANT))


async def _caller_ref(request: Request, actor: ActorDep) -> str | None:
    """Without a configured key nobody is matched: every project answers 404."""
    key = (await service_runtime(request)).settings.person_ref_key
    return None if key is None else person_ref(key, actor.subject)


CallerRef = Annotated[str | None, Depends(_caller_ref)]


@router.get("", dependencies=[MENTOR], summary="The projects I mentor and my sessions there")
async def my_projects(ref: CallerRef, uow: UowDep) -> list[MentoredProjectView]:
    async with uow:
        return await own_mentoring.mentored_projects(SqlGrantsUnitOfWork(uow), ref)


@router.post(
    "/{grant_id}/sessions",
    responses=problems(404, 409),
    dependencies=[MENTOR],
    summary="Log a mentoring session I held with a project I mentor",
)
async def log_my_session(
    grant_id: UUID, body: SessionIn, ref: CallerRef, uow: UowDep
) -> MentoredProjectView:
    async with uow:
        return await own_mentoring.log_own_session(SqlGrantsUnitOfWork(uow), ref, grant_id, body)
