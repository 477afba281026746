"""Host institutions: the shared reference data, overlaid with what officers stored (added
hospitals, edited departments or courses)."""

import json

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Track

from ..domain.institutions import (
    DuplicateInstitution,
    Institution,
    reference_institution,
    reference_institutions,
)
from .tables import InstitutionRow


class SqlInstitutions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, code: str, *, for_update: bool = False) -> Institution | None:
        row = await self._session.get(
            InstitutionRow, code, with_for_update=for_update, populate_existing=True
        )
        return _institution_of(row) if row is not None else reference_institution(code)

    async def all(self) -> list[Institution]:
        stored = {
            row.code: _institution_of(row)
            for row in (await self._session.exec(select(InstitutionRow))).all()
        }
        listed = [stored.pop(i.code, i) for i in reference_institutions()]
        return listed + sorted(stored.values(), key=lambda i: i.code)

    async def add(self, institution: Institution) -> None:
        """Inserted at once, never looked up first: of two officers adding one code, the second
        meets the key (a lookup could find the first one's committed row and overwrite it)."""
        self._session.add(_filled(InstitutionRow(code=institution.code), institution))
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise DuplicateInstitution(f"{institution.code!r} was added meanwhile") from error

    async def save(self, institution: Institution) -> None:
        row = await self._session.get(InstitutionRow, institution.code)
        self._session.add(_filled(row or InstitutionRow(code=institution.code), institution))


def _filled(row: InstitutionRow, institution: Institution) -> InstitutionRow:
    row.name, row.district = institution.name, institution.district
    row.track, row.added = institution.track.value, institution.added
    row.courses = json.dumps(list(institution.courses))
    return row


def _institution_of(row: InstitutionRow) -> Institution:
    return Institution(
        code=row.code,
        name=row.name,
        district=row.district,
        track=Track(row.track),
        courses=tuple(json.loads(row.courses)),
        added=row.added,
    )
