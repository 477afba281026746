"""The unit of work deployment's use cases take: its repositories and a commit that writes the
aggregates' changes and the events they recorded in one transaction (the outbox)."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.vocabulary import Track
from diaspora_shared.runtime.outbox import outbox_message_for
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..adapters.activity_repository import SqlActivities
from ..adapters.end_report_repository import SqlEndReports
from ..adapters.institution_repository import SqlInstitutions
from ..adapters.repository import SqlHostRequests, SqlMissions, SqlProfessionals
from ..domain.activity import ActivityRecord
from ..domain.end_report import EndReport
from ..domain.host_request import HostRequest
from ..domain.institutions import Institution
from ..domain.mission import Mission
from ..domain.professional import Professional

EVENT_SOURCE = "/iom/diaspora/deployment"


class HostRequests(Protocol):
    async def get(self, request_id: UUID, *, for_update: bool = False) -> HostRequest: ...

    def add(self, request: HostRequest) -> None: ...

    async def listed(self, institution_code: str | None) -> list[HostRequest]: ...


class Professionals(Protocol):
    async def find(
        self, professional_id: UUID, *, for_update: bool = False
    ) -> Professional | None: ...

    async def lock_person(self, person_ref: str) -> None: ...

    def add(self, professional: Professional) -> None: ...

    async def available(self, track: Track | None = None) -> list[Professional]: ...


class Missions(Protocol):
    async def get(self, mission_id: UUID, *, for_update: bool = False) -> Mission: ...

    def add(self, mission: Mission) -> None: ...

    async def of_professional(self, professional_id: UUID) -> list[Mission]: ...

    async def of_request(self, request_id: UUID) -> list[Mission]: ...

    async def of_person(self, professional_id: UUID, person_ref: str | None) -> list[Mission]: ...

    async def listed(
        self, institution_code: str | None, person_ref: str | None
    ) -> list[Mission]: ...


class Activities(Protocol):
    async def get(self, record_id: UUID) -> ActivityRecord | None: ...

    async def is_corrected(self, record_id: UUID) -> bool: ...

    async def of_mission(self, mission_id: UUID) -> list[ActivityRecord]: ...

    def add(self, record: ActivityRecord) -> None: ...


class EndReports(Protocol):
    async def get(self, mission_id: UUID) -> EndReport | None: ...

    def add(self, report: EndReport) -> None: ...

    async def remove(self, mission_id: UUID) -> None: ...


class Institutions(Protocol):
    async def find(self, code: str, *, for_update: bool = False) -> Institution | None: ...

    async def all(self) -> list[Institution]: ...

    async def add(self, institution: Institution) -> None: ...

    async def save(self, institution: Institution) -> None: ...


class DeploymentUnitOfWork(Protocol):
    @property
    def requests(self) -> HostRequests: ...

    @property
    def professionals(self) -> Professionals: ...

    @property
    def missions(self) -> Missions: ...

    @property
    def activities(self) -> Activities: ...

    @property
    def end_reports(self) -> EndReports: ...

    @property
    def institutions(self) -> Institutions: ...

    def record(self, event: IntegrationEvent) -> None:
        """Stage an event no aggregate holds (an activity record's), written at commit."""

    async def commit(self) -> None: ...


class SqlDeploymentUnitOfWork:
    def __init__(
        self,
        session: AsyncSession,
        record: Callable[[IntegrationEvent], None],
        finish: Callable[[], Awaitable[None]],
    ) -> None:
        self.requests = SqlHostRequests(session)
        self.professionals = SqlProfessionals(session)
        self.missions = SqlMissions(session)
        self.activities = SqlActivities(session)
        self.end_reports = SqlEndReports(session)
        self.institutions = SqlInstitutions(session)
        self._record, self._finish = record, finish
        self._staged: list[IntegrationEvent] = []

    def record(self, event: IntegrationEvent) -> None:
        self._staged.append(event)

    @classmethod
    def over(cls, uow: UnitOfWork) -> "SqlDeploymentUnitOfWork":
        """Inside the platform's unit of work (an HTTP command): commit commits."""
        return cls(uow.session, uow.record, uow.commit)

    @classmethod
    def inside_consumer(cls, session: AsyncSession) -> "SqlDeploymentUnitOfWork":
        """Inside a consumer's transaction, which commits the changes, the events and the
        consumed event's id together; the relay's poll publishes the events."""

        def record(event: IntegrationEvent) -> None:
            session.add(outbox_message_for(event, source=EVENT_SOURCE))

        async def leave_to_consumer() -> None:
            await session.flush()

        return cls(session, record, leave_to_consumer)

    async def commit(self) -> None:
        self.requests.write_back()
        self.professionals.write_back()
        self.missions.write_back()
        for mission in self._missions_with_events():
            while mission.events:
                self._record(mission.events.pop(0))
        while self._staged:
            self._record(self._staged.pop(0))
        await self._finish()

    def _missions_with_events(self) -> Sequence[Mission]:
        return [mission for mission in self.missions.handed_out() if mission.events]
