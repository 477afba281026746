"""Repositories: grants' aggregates in and out of their tables. Each remembers what it handed
out, so the unit of work writes the changes back and collects the events in one transaction."""

from uuid import UUID

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..domain.call import GrantCall
from ..domain.errors import NotFoundError
from ..domain.grant import GrantApplication
from .contact_tables import ProjectContactRow
from .mentor_status import AVAILABLE, ERASED
from .tables import DisbursementRow, GrantApplicationRow, GrantCallRow, MentorRow


class SqlGrantCallRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[GrantCall, GrantCallRow]] = {}

    async def get(self, call_id: UUID, *, for_update: bool = False) -> GrantCall:
        row = await self._session.get(
            GrantCallRow, str(call_id), with_for_update=for_update, populate_existing=for_update
        )
        if row is None:
            raise NotFoundError(f"call {call_id} not found")
        call = GrantCall.model_validate_json(row.document)
        self.seen[call_id] = (call, row)
        return call

    def add(self, call: GrantCall) -> None:
        row = GrantCallRow(call_id=str(call.call_id), document=call.model_dump_json())
        self._session.add(row)
        self.seen[call.call_id] = (call, row)

    def write_back(self) -> None:
        for call, row in self.seen.values():
            row.document = call.model_dump_json()
            self._session.add(row)

    async def list(self) -> list[GrantCall]:
        rows = (await self._session.exec(select(GrantCallRow))).all()
        return [GrantCall.model_validate_json(row.document) for row in rows]


class SqlGrantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[UUID, tuple[GrantApplication, GrantApplicationRow]] = {}
        self._paid_when_read: dict[UUID, set[int]] = {}

    async def get(self, application_id: UUID, *, for_update: bool = False) -> GrantApplication:
        row = await self._session.get(
            GrantApplicationRow,
            str(application_id),
            with_for_update=for_update,
            populate_existing=for_update,
        )
        if row is None:
            raise NotFoundError(f"application {application_id} not found")
        grant = GrantApplication.model_validate_json(row.document)
        self.seen[application_id] = (grant, row)
        self._paid_when_read[application_id] = {t.number for t in grant.tranches if t.disbursed}
        return grant

    def add(self, grant: GrantApplication) -> None:
        row = GrantApplicationRow(
            application_id=str(grant.application_id),
            call_id=str(grant.call_id),
            project_code=grant.project_code,
            document=grant.model_dump_json(),
        )
        self._session.add(row)
        self.seen[grant.application_id] = (grant, row)

    async def has_applied(self, call_id: UUID, project_code: str) -> bool:
        query = select(GrantApplicationRow).where(
            col(GrantApplicationRow.call_id) == str(call_id),
            col(GrantApplicationRow.project_code) == project_code,
        )
        return (await self._session.exec(query)).first() is not None

    async def is_contact_person(self, project_code: str, subject: str) -> bool:
        """A login is a project's contact person when it is one of their e-mail addresses."""
        query = select(ProjectContactRow.email).where(
            col(ProjectContactRow.project_code) == project_code
        )
        emails = (await self._session.exec(query)).all()
        return subject.casefold() in {email.casefold() for email in emails}

    async def with_mentor(self, professional_id: UUID) -> list[GrantApplication]:
        query = select(GrantApplicationRow.application_id).where(
            col(GrantApplicationRow.mentor_id) == str(professional_id)
        )
        ids = (await self._session.exec(query)).all()
        return [await self.get(UUID(grant_id), for_update=True) for grant_id in ids]

    async def listed(self, project_code: str | None) -> list[GrantApplication]:
        """Every application (read only), narrowed to one pilot project's when given."""
        query = select(GrantApplicationRow.document).order_by(
            col(GrantApplicationRow.application_id)
        )
        if project_code is not None:
            query = query.where(col(GrantApplicationRow.project_code) == project_code)
        documents = (await self._session.exec(query)).all()
        return [GrantApplication.model_validate_json(document) for document in documents]

    async def payment_owner(self, payment_reference: str) -> tuple[UUID, int] | None:
        row = await self._session.get(DisbursementRow, payment_reference)
        return None if row is None else (UUID(row.grant_id), row.tranche)

    def write_back(self) -> None:
        for grant, row in self.seen.values():
            row.document = grant.model_dump_json()
            mentor = grant.follow_up.mentor_id
            row.mentor_id = None if mentor is None else str(mentor)
            self._session.add(row)
            paid_before = self._paid_when_read.get(grant.application_id, set())
            for tranche in grant.tranches:
                if tranche.disbursed and tranche.number not in paid_before:
                    self._record_payment(grant, tranche.number)

    def _record_payment(self, grant: GrantApplication, number: int) -> None:
        tranche = grant.tranches[number - 1]
        assert tranche.payment_reference is not None and tranche.disbursed_on is not None
        self._session.add(
            DisbursementRow(
                payment_reference=tranche.payment_reference,
                grant_id=str(grant.application_id),
                tranche=number,
                minor_units=tranche.amount.minor_units,
                currency=tranche.amount.currency.value,
                disbursed_on=tranche.disbursed_on,
            )
        )


class SqlMentorRegistry:
    """Which professionals may mentor: accepted by recruitment and not withdrawn or erased."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def status(self, professional_id: UUID) -> str | None:
        row = await self._session.get(MentorRow, str(professional_id))
        return None if row is None else row.status

    async def set_status(
        self, professional_id: UUID, status: str, person_ref: str | None = None
    ) -> None:
        """A person reference, once known, is kept (later events do not carry it) until the
        person's data is erased, which unlinks them from their mentoring."""
        row = await self._session.get(MentorRow, str(professional_id), with_for_update=True)
        row = row or MentorRow(professional_id=str(professional_id), status=status)
        row.status, row.person_ref = status, person_ref or row.person_ref
        if status == ERASED:
            row.person_ref = None
        self._session.add(row)

    async def professionals_of(self, person_ref: str) -> list[UUID]:
        """The accepted applications of one person who may still mentor."""
        query = select(MentorRow.professional_id).where(
            col(MentorRow.person_ref) == person_ref, col(MentorRow.status) == AVAILABLE
        )
        return [UUID(professional) for professional in (await self._session.exec(query)).all()]
