"""In-memory stand-ins for grants' unit of work: use cases run without a database or Kafka.
Committed events are collected in `published`, in the order they would reach the outbox."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.contracts.money import Currency
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from grants.domain.call import GrantCall, Sector
from grants.domain.errors import NotFoundError
from grants.domain.grant import GrantApplication
from grants.domain.requests import GrantCallSpec

OFFICER_A = Actor(subject="officer-a", role=Role.IOM_OFFICER)
OFFICER_B = Actor(subject="officer-b", role=Role.IOM_OFFICER)
REVIEWER = Actor(subject="reviewer-1", role=Role.REVIEWER)
OPENS, CLOSES = date(2026, 1, 1), date(2026, 3, 31)


def pilot(code: str) -> Actor:
    return Actor(subject=f"user-{code}", role=Role.PILOT_PROJECT, org=code)


def rwf(minor_units: int) -> dict[str, object]:
    return {"minor_units": minor_units, "currency": Currency.RWF.value}


def call_spec(envelope: int = 100_000_000, ceiling: int = 30_000_000) -> GrantCallSpec:
    return GrantCallSpec.model_validate(
        {
            "title": "Pilot projects 2026",
            "iprc": "IPRC-KGL",
            "sectors": [Sector.AGRICULTURE, Sector.ICT, Sector.ENERGY],
            "ceiling": rwf(ceiling),
            "envelope": rwf(envelope),
            "opens_on": OPENS.isoformat(),
            "closes_on": CLOSES.isoformat(),
            "criteria": {"impact": Decimal("0.6"), "feasibility": Decimal("0.4")},
        }
    )


class FakeGrantCallRepository:
    def __init__(self) -> None:
        self.calls: dict[UUID, GrantCall] = {}

    async def get(self, call_id: UUID, *, for_update: bool = False) -> GrantCall:
        if call_id not in self.calls:
            raise NotFoundError(f"call {call_id} not found")
        return self.calls[call_id]

    def add(self, call: GrantCall) -> None:
        self.calls[call.call_id] = call

    async def list(self) -> list[GrantCall]:
        return list(self.calls.values())


class FakeGrantRepository:
    def __init__(self) -> None:
        self.grants: dict[UUID, GrantApplication] = {}
        self.contact_emails: dict[str, set[str]] = {}

    async def get(self, application_id: UUID, *, for_update: bool = False) -> GrantApplication:
        if application_id not in self.grants:
            raise NotFoundError(f"application {application_id} not found")
        return self.grants[application_id]

    def add(self, grant: GrantApplication) -> None:
        self.grants[grant.application_id] = grant

    async def listed(self, project_code: str | None) -> list[GrantApplication]:
        return [
            g
            for g in self.grants.values()
            if project_code is None or g.project_code == project_code
        ]

    async def has_applied(self, call_id: UUID, project_code: str) -> bool:
        return any(
            g.call_id == call_id and g.project_code == project_code for g in self.grants.values()
        )

    async def is_contact_person(self, project_code: str, subject: str) -> bool:
        return subject in self.contact_emails.get(project_code, set())

    async def with_mentor(self, professional_id: UUID) -> list[GrantApplication]:
        return [g for g in self.grants.values() if g.follow_up.mentor_id == professional_id]

    async def payment_owner(self, payment_reference: str) -> tuple[UUID, int] | None:
        for grant in self.grants.values():
            for tranche in grant.tranches:
                if tranche.payment_reference == payment_reference:
                    return grant.application_id, tranche.number
        return None


class FakeMentorRegistry:
    def __init__(self) -> None:
        self.statuses: dict[UUID, str] = {}
        self.person_refs: dict[UUID, str] = {}

    async def status(self, professional_id: UUID) -> str | None:
        return self.statuses.get(professional_id)

    async def set_status(
        self, professional_id: UUID, status: str, person_ref: str | None = None
    ) -> None:
        self.statuses[professional_id] = status
        if person_ref is not None:
            self.person_refs[professional_id] = person_ref

    async def professionals_of(self, person_ref: str) -> list[UUID]:
        return [
            professional
            for professional, ref in self.person_refs.items()
            if ref == person_ref and self.statuses.get(professional) == "available"
        ]


class FakeGrantsUnitOfWork:
    """Commits apply at once; a failed command leaves the aggregates as the domain left them,
    which is why domain methods check everything before they change anything."""

    def __init__(self) -> None:
        self.calls = FakeGrantCallRepository()
        self.grants = FakeGrantRepository()
        self.mentors = FakeMentorRegistry()
        self.published: list[IntegrationEvent] = []
        self._staged: list[IntegrationEvent] = []

    def record(self, event: IntegrationEvent) -> None:
        self._staged.append(event)

    async def commit(self) -> None:
        for grant in self.grants.grants.values():
            self._staged.extend(grant.events)
            grant.events.clear()
        self.published.extend(self._staged)
        self._staged.clear()
