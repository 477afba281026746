"""In-memory stand-ins for recruitment's unit of work, so use cases run without a database or
Kafka. Committed events are collected in `published`, in the order they would reach the
outbox."""

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from diaspora_shared.contracts.events import IntegrationEvent
from diaspora_shared.runtime.actors import Actor
from recruitment.domain.application import Application
from recruitment.domain.call import Call
from recruitment.domain.confirmed_selection import Selection, reviewed_candidate
from recruitment.domain.errors import NotFoundError
from recruitment.domain.model import ApplicationStatus, OfferStatus
from recruitment.domain.selection import Candidate
from recruitment.service_layer.passing_places import pass_place_on


class FakeCallRepository:
    def __init__(self, *calls: Call) -> None:
        self.calls = {call.call_id: call for call in calls}

    async def get(self, call_id: UUID, *, for_update: bool = False) -> Call:
        if call_id not in self.calls:
            raise NotFoundError(f"call {call_id} not found")
        return self.calls[call_id]


class FakeApplicationRepository:
    def __init__(self) -> None:
        self.applications: dict[UUID, Application] = {}

    async def get(self, application_id: UUID, *, for_update: bool = False) -> Application:
        if application_id not in self.applications:
            raise NotFoundError(f"application {application_id} not found")
        return self.applications[application_id]

    def add(self, application: Application) -> None:
        self.applications[application.application_id] = application

    async def has_applied(self, call_id: UUID, subject: str) -> bool:
        return any(
            a.call_id == call_id and a.applicant_subject == subject
            for a in self.applications.values()
        )

    async def accepted_count(self, call_id: UUID) -> int:
        return sum(
            a.call_id == call_id and a.status is ApplicationStatus.ACCEPTED
            for a in self.applications.values()
        )

    async def reviewed_candidates(self, call: Call) -> list[Candidate]:
        candidates = (
            reviewed_candidate(
                str(a.application_id),
                a.profile.sex,
                a.submitted_at,
                a.panel.exact_scores(call.review),
                call.review,
            )
            for a in self.applications.values()
            if a.call_id == call.call_id
            and a.status is ApplicationStatus.ELIGIBLE
            and a.erased_at is None
        )
        return [candidate for candidate in candidates if candidate is not None]

    async def open_offers_past(self, at: datetime) -> list[UUID]:
        return [
            a.application_id
            for a in self.applications.values()
            if a.offer is not None
            and a.offer.status is OfferStatus.OFFERED
            and a.offer.deadline < at
        ]


class FakeSelectionRepository:
    def __init__(self) -> None:
        self.selections: dict[UUID, Selection] = {}

    async def get(self, call_id: UUID) -> Selection | None:
        return self.selections.get(call_id)

    def add(self, selection: Selection) -> None:
        self.selections[selection.call_id] = selection


class FakeUnitOfWork:
    def __init__(self, *calls: Call) -> None:
        self.calls = FakeCallRepository(*calls)
        self.applications = FakeApplicationRepository()
        self.selections = FakeSelectionRepository()
        self.published: list[IntegrationEvent] = []
        self.audit_trail: list[tuple[str, str, UUID]] = []
        self.places_passed_on: list[UUID] = []
        self.commits = 0

    def audit(self, actor: Actor, action: str, application_id: UUID, **detail: object) -> None:
        self.audit_trail.append((actor.subject, action, application_id))

    async def pass_place_on(self, call_id: UUID, leaving: UUID, at: datetime) -> None:
        self.places_passed_on.append(leaving)
        await pass_place_on(self, call_id, leaving, at)

    async def commit(self) -> None:
        for application in self.applications.applications.values():
            self.published.extend(application.events)
            application.events.clear()
        for selection in self.selections.selections.values():
            self.published.extend(selection.events)
            selection.events.clear()
        self.commits += 1


def with_selection(uow: FakeUnitOfWork, call_id: UUID) -> None:
    calls = uow.calls.calls
    calls[call_id] = replace(calls[call_id], selection_confirmed=True)
