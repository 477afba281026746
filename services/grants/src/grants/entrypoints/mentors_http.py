"""Grants' HTTP API on mentors: what grants knows of one, for officers."""

from uuid import UUID

from fastapi import APIRouter, Depends

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.dependencies import SessionDep
from diaspora_shared.runtime.http_problems import problems

from ..domain.requests import MentorView
from ..service_layer.mentor_view import mentor_view
from .dependencies import TodayDep

router = APIRouter(prefix="/grants/mentors", tags=["follow-up"])


@router.get(
    "/{professional_id}",
    responses=problems(404),
    dependencies=[Depends(allow(Role.IOM_OFFICER))],
    summary="A mentor: in Rwanda today, missions known, in-person sessions no mission covers",
)
async def get_mentor(professional_id: UUID, session: SessionDep, today: TodayDep) -> MentorView:
    return await mentor_view(session, professional_id, today)
