"""The unit of work grants' use cases take: repositories and a commit that writes the
aggregates' changes and the events they recorded in one transaction (the outbox)."""

from typing import Protocol
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.repository import SqlGrantCallRepository, SqlGrantRepository, SqlMentorRegistry
from ..domain.call import GrantCall
from ..domain.errors import ConflictError
from ..domain.grant import GrantApplication


class GrantCallRepository(Protocol):
    async def get(self, call_id: UUID, *, for_update: bool = False) -> GrantCall: ...

    def add(self, call: GrantCall) -> None: ...

    async def list(self) -> list[GrantCall]: ...


class GrantRepository(Protocol):
    async def get(self, application_id: UUID, *, for_update: bool = False) -> GrantApplication: ...

    def add(self, grant: GrantApplication) -> None: ...

    async def has_applied(self, call_id: UUID, project_code: str) -> bool: ...

    async def is_contact_person(self, project_code: str, subject: str) -> bool: ...

    async def payment_owner(self, payment_reference: str) -> tuple[UUID, int] | None: ...

    async def with_mentor(self, professional_id: UUID) -> list[GrantApplication]: ...

    async def listed(self, project_code: str | None) -> list[GrantApplication]: ...


class MentorRegistry(Protocol):
    async def status(self, professional_id: UUID) -> str | None: ...

    async def set_status(
        self, professional_id: UUID, status: str, person_ref: str | None = None
    ) -> None: ...

    async def professionals_of(self, person_ref: str) -> list[UUID]: ...


class GrantsUnitOfWork(Protocol):
    @property
    def calls(self) -> GrantCallRepository: ...

    @property
    def grants(self) -> GrantRepository: ...

    @property
    def mentors(self) -> MentorRegistry: ...

    def record(self, event: IntegrationEvent) -> None: ...

    async def commit(self) -> None: ...


class SqlGrantsUnitOfWork:
    """Grants' repositories over the platform's transactional unit of work; used inside that
    unit of work's `async with` block."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.outbox_uow = uow
        self.calls = SqlGrantCallRepository(uow.session)
        self.grants = SqlGrantRepository(uow.session)
        self.mentors = SqlMentorRegistry(uow.session)

    def record(self, event: IntegrationEvent) -> None:
        self.outbox_uow.record(event)

    async def commit(self) -> None:
        self.calls.write_back()
        self.grants.write_back()
        for grant, _row in self.grants.seen.values():
            while grant.events:
                self.outbox_uow.record(grant.events.pop(0))
        try:
            await self.outbox_uow.commit()
        except IntegrityError as error:
            # The database's unique keys are the last guard (a payment reference taken by a
            # concurrent request for another grant): the caller gets a conflict, not a 500.
            raise ConflictError(
                "a concurrent request recorded a clashing change", code="state.concurrent_change"
            ) from error
