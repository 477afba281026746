"""The unit of work recruitment's use cases take: repositories, an audit trail, and a commit
that writes the aggregates' changes and the events they recorded in one transaction."""

import json
from datetime import datetime
from typing import Protocol
from uuid import UUID

from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.repository import SqlApplicationRepository, SqlCallRepository
from ..adapters.selection_repository import SqlSelectionRepository
from ..adapters.tables import AuditEntry
from ..domain.application import Application
from ..domain.call import Call
from ..domain.confirmed_selection import Selection
from ..domain.selection import Candidate
from .common import now
from .passing_places import pass_place_on


class CallRepository(Protocol):
    async def get(self, call_id: UUID, *, for_update: bool = False) -> Call: ...


class ApplicationRepository(Protocol):
    async def get(self, application_id: UUID, *, for_update: bool = False) -> Application: ...

    def add(self, application: Application) -> None: ...

    async def accepted_count(self, call_id: UUID) -> int: ...

    async def has_applied(self, call_id: UUID, subject: str) -> bool: ...

    async def reviewed_candidates(self, call: Call) -> list[Candidate]: ...

    async def open_offers_past(self, at: datetime) -> list[UUID]: ...


class SelectionRepository(Protocol):
    async def get(self, call_id: UUID) -> Selection | None: ...

    def add(self, selection: Selection) -> None: ...


class RecruitmentUnitOfWork(Protocol):
    @property
    def calls(self) -> CallRepository: ...

    @property
    def applications(self) -> ApplicationRepository: ...

    @property
    def selections(self) -> SelectionRepository: ...

    def audit(self, actor: Actor, action: str, application_id: UUID, **detail: object) -> None: ...

    async def pass_place_on(self, call_id: UUID, leaving: UUID, at: datetime) -> None:
        """The leaver's place goes to the next on the waiting list who can take it."""

    async def commit(self) -> None: ...


class SqlRecruitmentUnitOfWork:
    """Recruitment's repositories over the platform's transactional unit of work (which keeps
    the outbox): used inside that unit of work's `async with` block."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.outbox_uow = uow
        self.calls = SqlCallRepository(uow.session)
        self.applications = SqlApplicationRepository(uow.session)
        self.selections = SqlSelectionRepository(uow.session)

    def audit(self, actor: Actor, action: str, application_id: UUID, **detail: object) -> None:
        self.outbox_uow.session.add(
            AuditEntry(
                at=now(),
                actor_subject=actor.subject,
                actor_role=actor.role.value,
                action=action,
                application_id=str(application_id),
                detail=json.dumps(detail, default=str),
            )
        )

    async def pass_place_on(self, call_id: UUID, leaving: UUID, at: datetime) -> None:
        await pass_place_on(self, call_id, leaving, at)

    def stage_changes(self) -> None:
        """Write the aggregates' changes and their events into the open transaction."""
        self.applications.write_back()
        self.selections.write_back()
        pending = [application.events for application in self.applications.handed_out()]
        pending += [selection.events for selection in self.selections.handed_out()]
        for events in pending:
            while events:
                self.outbox_uow.record(events.pop(0))

    async def commit(self) -> None:
        self.stage_changes()
        await self.outbox_uow.commit()
