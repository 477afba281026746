"""Repositories: aggregates in and out of recruitment's tables. Each remembers the aggregates it
handed out, so the unit of work can write their changes back and collect their events."""

import json
from dataclasses import asdict
from uuid import UUID

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Track

from ..domain.application import Application
from ..domain.call import Call
from ..domain.eligibility import RuleOutcome
from ..domain.errors import NotFoundError
from ..domain.model import (
    ApplicantProfile,
    ApplicationStatus,
    EligibilityRules,
    ScreeningOverride,
)
from .selection_tables import SelectionRow
from .tables import ApplicationRow, CallRow


class SqlCallRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, call_id: UUID, *, for_update: bool = False) -> Call:
        row = await self._session.get(
            CallRow, str(call_id), with_for_update=for_update, populate_existing=for_update
        )
        if row is None:
            raise NotFoundError(f"call {call_id} not found")
        confirmed = await self._session.get(SelectionRow, row.call_id) is not None
        return Call(
            call_id=UUID(row.call_id),
            track=Track(row.track),
            target=row.target,
            courses_or_specialties=tuple(json.loads(row.courses_or_specialties)),
            opens_on=row.opens_on,
            closes_on=row.closes_on,
            eligibility=EligibilityRules.model_validate_json(row.eligibility),
            selection_confirmed=confirmed,
        )


class SqlApplicationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[Application, ApplicationRow]] = {}

    async def get(self, application_id: UUID, *, for_update: bool = False) -> Application:
        """With `for_update` the row is locked and read afresh: the command decides on a state
        no concurrent command can change before it commits."""
        row = await self._session.get(
            ApplicationRow,
            str(application_id),
            with_for_update=for_update,
            populate_existing=for_update,
        )
        if row is None:
            raise NotFoundError(f"application {application_id} not found")
        application = _application_of(row)
        self.seen[application.application_id] = (application, row)
        return application

    def add(self, application: Application) -> None:
        row = ApplicationRow(
            application_id=str(application.application_id),
            call_id=str(application.call_id),
            applicant_subject=application.applicant_subject,
            status=application.status,
            profile="{}",
            submitted_at=application.submitted_at,
            screening="[]",
        )
        self.seen[application.application_id] = (application, row)

    async def accepted_count(self, call_id: UUID) -> int:
        query = select(func.count()).where(
            col(ApplicationRow.call_id) == str(call_id),
            col(ApplicationRow.status) == ApplicationStatus.ACCEPTED,
        )
        return int((await self._session.exec(query)).one())

    def write_back(self) -> None:
        for application, row in self.seen.values():
            _copy_onto(application, row)
            self._session.add(row)


def _application_of(row: ApplicationRow) -> Application:
    override = row.screening_override
    return Application(
        application_id=UUID(row.application_id),
        call_id=UUID(row.call_id),
        applicant_subject=row.applicant_subject,
        profile=ApplicantProfile.model_validate_json(row.profile),
        submitted_at=row.submitted_at,
        status=ApplicationStatus(row.status),
        screening=[RuleOutcome(**item) for item in json.loads(row.screening)],
        screening_override=ScreeningOverride.model_validate_json(override) if override else None,
        decided_at=row.decided_at,
        erased_at=row.erased_at,
    )


def _copy_onto(application: Application, row: ApplicationRow) -> None:
    row.status = application.status
    row.profile = application.profile.model_dump_json()
    row.screening = json.dumps([asdict(outcome) for outcome in application.screening])
    override = application.screening_override
    row.screening_override = override.model_dump_json() if override else None
    row.decided_at = application.decided_at
