"""A mentor acts on their own mentoring: recruitment put the person reference of their login on
the acceptance, and the caller's reference, computed from their verified subject, must match it.
Anyone else is answered as if the project did not exist."""

from uuid import UUID

from ..domain.errors import NotFoundError
from ..domain.grant import GrantApplication, Status
from ..domain.requests import MentoredProjectView, SessionIn, SessionView
from .follow_up import record_session
from .unit_of_work import GrantsUnitOfWork


async def mentored_projects(uow: GrantsUnitOfWork, ref: str | None) -> list[MentoredProjectView]:
    projects: list[MentoredProjectView] = []
    for professional in await _professionals(uow, ref):
        projects += [
            _view(grant)
            for grant in await uow.grants.with_mentor(professional)
            if not grant.follow_up.mentor_needs_replacement
        ]
    return projects


async def log_own_session(
    uow: GrantsUnitOfWork, ref: str | None, grant_id: UUID, given: SessionIn
) -> MentoredProjectView:
    grant = await uow.grants.get(grant_id, for_update=True)
    mentor = grant.follow_up.mentor_id
    mine = mentor is not None and mentor in await _professionals(uow, ref)
    if not mine or grant.status != Status.AWARDED:
        raise NotFoundError(f"no project {grant_id} mentored by you")
    record_session(uow, grant, given)
    await uow.commit()
    return _view(grant)


async def _professionals(uow: GrantsUnitOfWork, ref: str | None) -> list[UUID]:
    return [] if ref is None else await uow.mentors.professionals_of(ref)


def _view(grant: GrantApplication) -> MentoredProjectView:
    return MentoredProjectView(
        grant_id=grant.application_id,
        project_code=grant.project_code,
        sector=grant.sector,
        mentoring_minutes=grant.follow_up.mentoring_minutes(),
        sessions=[
            SessionView(
                held_on=held.held_on,
                minutes=held.minutes,
                in_person=held.in_person,
                topics=held.topics,
            )
            for held in grant.follow_up.sessions
        ],
    )
