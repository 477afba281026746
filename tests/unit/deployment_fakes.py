"""In-memory stand-ins for deployment's unit of work, so its use cases and rules run without a
database or Kafka. Committed events are collected in `published`, in outbox order."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from deployment.domain.activity import ActivityRecord
from deployment.domain.end_report import EndReport
from deployment.domain.errors import MissionNotFound, RequestNotFound
from deployment.domain.host_request import HostRequest
from deployment.domain.institutions import (
    DuplicateInstitution,
    Institution,
    reference_institution,
    reference_institutions,
)
from deployment.domain.mission import Mission
from deployment.domain.professional import Professional, ProfessionalStatus
from diaspora_shared.contracts.events import ApplicantAccepted, IntegrationEvent
from diaspora_shared.contracts.vocabulary import Language, Sex, Track

START = date(2027, 3, 1)
AT = datetime(2027, 1, 15, 9, tzinfo=UTC)


class FakeHostRequests:
    def __init__(self) -> None:
        self.requests: dict[UUID, HostRequest] = {}

    async def get(self, request_id: UUID, *, for_update: bool = False) -> HostRequest:
        if request_id not in self.requests:
            raise RequestNotFound(f"request {request_id} not found")
        return self.requests[request_id]

    def add(self, request: HostRequest) -> None:
        self.requests[request.request_id] = request

    async def listed(self, institution_code: str | None) -> list[HostRequest]:
        chosen = [
            r
            for r in self.requests.values()
            if institution_code is None or r.institution_code == institution_code
        ]
        return sorted(chosen, key=lambda r: r.submitted_at, reverse=True)


class FakeProfessionals:
    def __init__(self) -> None:
        self.professionals: dict[UUID, Professional] = {}

    async def find(self, professional_id: UUID, *, for_update: bool = False) -> Professional | None:
        return self.professionals.get(professional_id)

    async def lock_person(self, person_ref: str) -> None:
        """Nothing runs concurrently in memory."""

    def add(self, professional: Professional) -> None:
        self.professionals[professional.professional_id] = professional

    async def available(self, track: Track | None = None) -> list[Professional]:
        return [
            p
            for p in self.professionals.values()
            if p.status is ProfessionalStatus.AVAILABLE and track in (None, p.track)
        ]


class FakeMissions:
    def __init__(self) -> None:
        self.missions: dict[UUID, Mission] = {}

    async def get(self, mission_id: UUID, *, for_update: bool = False) -> Mission:
        if mission_id not in self.missions:
            raise MissionNotFound(f"mission {mission_id} not found")
        return self.missions[mission_id]

    def add(self, mission: Mission) -> None:
        self.missions[mission.mission_id] = mission

    async def of_professional(self, professional_id: UUID) -> list[Mission]:
        return [m for m in self.missions.values() if m.professional_id == professional_id]

    async def of_request(self, request_id: UUID) -> list[Mission]:
        return [m for m in self.missions.values() if m.request_id == request_id]

    async def of_person(self, professional_id: UUID, person_ref: str | None) -> list[Mission]:
        return [
            m
            for m in self.missions.values()
            if m.professional_id == professional_id
            or (person_ref is not None and m.person_ref == person_ref)
        ]

    async def listed(self, institution_code: str | None, person_ref: str | None) -> list[Mission]:
        return [
            m
            for m in self.missions.values()
            if institution_code in (None, m.institution_code) and person_ref in (None, m.person_ref)
        ]


class FakeActivities:
    def __init__(self) -> None:
        self.records: dict[UUID, ActivityRecord] = {}

    async def get(self, record_id: UUID) -> ActivityRecord | None:
        return self.records.get(record_id)

    async def is_corrected(self, record_id: UUID) -> bool:
        return any(r.corrects == record_id for r in self.records.values())

    async def of_mission(self, mission_id: UUID) -> list[ActivityRecord]:
        return [r for r in self.records.values() if r.mission_id == mission_id]

    def add(self, record: ActivityRecord) -> None:
        self.records[record.record_id] = record


class FakeEndReports:
    def __init__(self) -> None:
        self.reports: dict[UUID, EndReport] = {}

    async def get(self, mission_id: UUID) -> EndReport | None:
        return self.reports.get(mission_id)

    def add(self, report: EndReport) -> None:
        self.reports[report.mission_id] = report

    async def remove(self, mission_id: UUID) -> None:
        self.reports.pop(mission_id, None)


class FakeInstitutions:
    def __init__(self) -> None:
        self.stored: dict[str, Institution] = {}

    async def find(self, code: str, *, for_update: bool = False) -> Institution | None:
        return self.stored.get(code) or reference_institution(code)

    async def all(self) -> list[Institution]:
        return [self.stored.get(i.code, i) for i in reference_institutions()] + [
            i for i in self.stored.values() if i.added
        ]

    async def add(self, institution: Institution) -> None:
        if institution.code in self.stored:
            raise DuplicateInstitution(institution.code)
        self.stored[institution.code] = institution

    async def save(self, institution: Institution) -> None:
        self.stored[institution.code] = institution


class FakeDeploymentUnitOfWork:
    def __init__(self) -> None:
        self.requests = FakeHostRequests()
        self.professionals = FakeProfessionals()
        self.missions = FakeMissions()
        self.activities = FakeActivities()
        self.end_reports = FakeEndReports()
        self.institutions = FakeInstitutions()
        self.published: list[IntegrationEvent] = []
        self.staged: list[IntegrationEvent] = []
        self.commits = 0

    def record(self, event: IntegrationEvent) -> None:
        self.staged.append(event)

    async def commit(self) -> None:
        for mission in self.missions.missions.values():
            self.published.extend(mission.events)
            mission.events.clear()
        self.published.extend(self.staged)
        self.staged.clear()
        self.commits += 1


def accepted(
    track: Track = Track.TVET,
    *,
    available_from: date = START,
    days: int = 120,
    courses: tuple[str, ...] = ("ICT",),
    application_id: UUID | None = None,
    person_ref: str | None = None,
) -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=application_id or uuid4(),
        call_id=uuid4(),
        track=track,
        sex=Sex.FEMALE,
        country_of_residence="BE",
        languages=(Language.ENGLISH, Language.FRENCH),
        courses_or_specialties=courses,
        available_from=available_from,
        available_until=available_from + timedelta(days=days - 1),
        accepted_at=AT,
        person_ref=person_ref,
    )
