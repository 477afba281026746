"""Repositories: deployment's aggregates in and out of its tables. Each remembers what it
handed out, so the unit of work writes the changes back and collects the missions' events.
`for_update` locks the row and reads it afresh, so a decision is taken on a state no concurrent
command can change before it commits."""

import json
from collections.abc import Sequence
from dataclasses import asdict
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.events import CancellationReason
from diaspora_shared.contracts.vocabulary import Language, Sex, Track

from ..domain.errors import MissionNotFound, RequestNotFound
from ..domain.host_request import HostRequest, RequestStatus
from ..domain.mission import Logistics, Mission, MissionStatus
from ..domain.period import Period
from ..domain.professional import Professional, ProfessionalStatus
from .tables import HostRequestRow, MissionRow, ProfessionalRow


class SqlHostRequests:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[HostRequest, HostRequestRow]] = {}

    async def get(self, request_id: UUID, *, for_update: bool = False) -> HostRequest:
        row = await self._session.get(
            HostRequestRow, str(request_id), with_for_update=for_update, populate_existing=True
        )
        if row is None:
            raise RequestNotFound(f"request {request_id} not found")
        request = _request_of(row)
        self.seen[request.request_id] = (request, row)
        return request

    async def listed(self, institution_code: str | None) -> list[HostRequest]:
        """Every request, newest first, narrowed to one institution's when given."""
        query = select(HostRequestRow).order_by(col(HostRequestRow.submitted_at).desc())
        if institution_code is not None:
            query = query.where(col(HostRequestRow.institution_code) == institution_code)
        rows = (await self._session.exec(query)).all()
        return [_request_of(row) for row in rows]

    def add(self, request: HostRequest) -> None:
        row = HostRequestRow(
            request_id=str(request.request_id),
            institution_code=request.institution_code,
            track=request.track.value,
            course_or_specialty=request.course_or_specialty,
            expertise=request.expertise,
            language=request.language.value,
            starts_on=request.period.starts_on,
            ends_on=request.period.ends_on,
            professionals_wanted=request.professionals_wanted,
            expected_participants=request.expected_participants,
            submitted_at=request.submitted_at,
            status=request.status.value,
        )
        self.seen[request.request_id] = (request, row)

    def write_back(self) -> None:
        for request, row in self.seen.values():
            row.status, row.return_reason = request.status.value, request.return_reason
            self._session.add(row)


class SqlProfessionals:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[Professional, ProfessionalRow]] = {}

    async def find(self, professional_id: UUID, *, for_update: bool = False) -> Professional | None:
        row = await self._session.get(
            ProfessionalRow,
            str(professional_id),
            with_for_update=for_update,
            populate_existing=True,
        )
        if row is None:
            return None
        professional = _professional_of(row)
        self.seen[professional.professional_id] = (professional, row)
        return professional

    async def lock_person(self, person_ref: str) -> None:
        """Lock every acceptance of one person, in id order, so two matches of one person
        through different acceptances decide one after the other without deadlocking."""
        query = (
            select(ProfessionalRow)
            .where(col(ProfessionalRow.person_ref) == person_ref)
            .order_by(col(ProfessionalRow.professional_id))
            .with_for_update()
        )
        await self._session.exec(query)

    def add(self, professional: Professional) -> None:
        row = _professional_row(professional)
        self.seen[professional.professional_id] = (professional, row)

    async def available(self, track: Track | None = None) -> list[Professional]:
        query = select(ProfessionalRow).where(
            col(ProfessionalRow.status) == ProfessionalStatus.AVAILABLE.value
        )
        if track is not None:
            query = query.where(col(ProfessionalRow.track) == track.value)
        rows = (await self._session.exec(query.order_by(col(ProfessionalRow.available_from)))).all()
        return [_professional_of(row) for row in rows]

    def write_back(self) -> None:
        for professional, row in self.seen.values():
            _copy_professional(professional, row)
            self._session.add(row)


class SqlMissions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[Mission, MissionRow]] = {}

    async def get(self, mission_id: UUID, *, for_update: bool = False) -> Mission:
        row = await self._session.get(
            MissionRow, str(mission_id), with_for_update=for_update, populate_existing=True
        )
        if row is None:
            raise MissionNotFound(f"mission {mission_id} not found")
        return self._remember(row)

    def add(self, mission: Mission) -> None:
        row = _mission_row(mission)
        self.seen[mission.mission_id] = (mission, row)

    async def of_professional(self, professional_id: UUID) -> list[Mission]:
        return await self._where(col(MissionRow.professional_id) == str(professional_id))

    async def of_request(self, request_id: UUID) -> list[Mission]:
        return await self._where(col(MissionRow.request_id) == str(request_id))

    async def of_person(self, professional_id: UUID, person_ref: str | None) -> list[Mission]:
        """The missions of one person: of this acceptance, and of any other with the same
        person reference."""
        same = col(MissionRow.professional_id) == str(professional_id)
        if person_ref is None:
            return await self._where(same)
        return await self._where(or_(same, col(MissionRow.person_ref) == person_ref))

    async def listed(self, institution_code: str | None, person_ref: str | None) -> list[Mission]:
        """Every mission, narrowed to one institution's and/or one person's when given."""
        condition: ColumnElement[bool] = true()
        if institution_code is not None:
            condition = and_(condition, col(MissionRow.institution_code) == institution_code)
        if person_ref is not None:
            condition = and_(condition, col(MissionRow.person_ref) == person_ref)
        return await self._where(condition)

    async def _where(self, condition: ColumnElement[bool]) -> list[Mission]:
        query = select(MissionRow).where(condition).order_by(col(MissionRow.starts_on))
        rows = (await self._session.exec(query.execution_options(populate_existing=True))).all()
        return [self._remember(row) for row in rows]

    def _remember(self, row: MissionRow) -> Mission:
        known = self.seen.get(UUID(row.mission_id))
        if known is not None:
            return known[0]
        mission = _mission_of(row)
        self.seen[mission.mission_id] = (mission, row)
        return mission

    def write_back(self) -> None:
        for mission, row in self.seen.values():
            _copy_mission(mission, row)
            self._session.add(row)

    def handed_out(self) -> Sequence[Mission]:
        return [mission for mission, _row in self.seen.values()]


def _request_of(row: HostRequestRow) -> HostRequest:
    return HostRequest(
        request_id=UUID(row.request_id),
        institution_code=row.institution_code,
        track=Track(row.track),
        course_or_specialty=row.course_or_specialty,
        expertise=row.expertise,
        language=Language(row.language),
        period=Period(row.starts_on, row.ends_on),
        professionals_wanted=row.professionals_wanted,
        expected_participants=row.expected_participants,
        submitted_at=row.submitted_at,
        status=RequestStatus(row.status),
        return_reason=row.return_reason,
    )


def _professional_of(row: ProfessionalRow) -> Professional:
    return Professional(
        professional_id=UUID(row.professional_id),
        track=Track(row.track),
        sex=Sex(row.sex),
        country_of_residence=row.country_of_residence,
        languages=tuple(Language(code) for code in json.loads(row.languages)),
        courses_or_specialties=tuple(json.loads(row.courses_or_specialties)),
        availability=Period(row.available_from, row.available_until),
        status=ProfessionalStatus(row.status),
        person_ref=row.person_ref,
    )


def _professional_row(professional: Professional) -> ProfessionalRow:
    return ProfessionalRow(
        professional_id=str(professional.professional_id),
        track=professional.track.value,
        sex=professional.sex.value,
        country_of_residence=professional.country_of_residence,
        languages=json.dumps([language.value for language in professional.languages]),
        courses_or_specialties=json.dumps(list(professional.courses_or_specialties)),
        available_from=professional.availability.starts_on,
        available_until=professional.availability.ends_on,
        status=professional.status.value,
        person_ref=professional.person_ref,
    )


def _copy_professional(professional: Professional, row: ProfessionalRow) -> None:
    """Only these change once a professional is known: erasure empties the descriptive ones."""
    fresh = _professional_row(professional)
    row.country_of_residence, row.status = fresh.country_of_residence, fresh.status
    row.person_ref = fresh.person_ref
    row.languages, row.courses_or_specialties = fresh.languages, fresh.courses_or_specialties


def _mission_of(row: MissionRow) -> Mission:
    return Mission(
        mission_id=UUID(row.mission_id),
        request_id=UUID(row.request_id),
        institution_code=row.institution_code,
        professional_id=UUID(row.professional_id),
        track=Track(row.track),
        course_or_specialty=row.course_or_specialty,
        period=Period(row.starts_on, row.ends_on),
        status=MissionStatus(row.status),
        logistics=Logistics(**json.loads(row.logistics)) if row.logistics else None,
        cancellation=CancellationReason(row.cancellation) if row.cancellation else None,
        cancellation_note=row.cancellation_note,
        person_ref=row.person_ref,
    )


def _mission_row(mission: Mission) -> MissionRow:
    return MissionRow(
        mission_id=str(mission.mission_id),
        request_id=str(mission.request_id),
        institution_code=mission.institution_code,
        professional_id=str(mission.professional_id),
        track=mission.track.value,
        course_or_specialty=mission.course_or_specialty,
        starts_on=mission.period.starts_on,
        ends_on=mission.period.ends_on,
        status=mission.status.value,
        person_ref=mission.person_ref,
    )


def _copy_mission(mission: Mission, row: MissionRow) -> None:
    """What a mission's transitions change: its state, end date, logistics, cancellation."""
    row.ends_on, row.status = mission.period.ends_on, mission.status.value
    logistics = mission.logistics
    row.logistics = json.dumps(asdict(logistics)) if logistics else None
    row.cancellation = mission.cancellation.value if mission.cancellation else None
    row.cancellation_note = mission.cancellation_note
    row.person_ref = mission.person_ref
