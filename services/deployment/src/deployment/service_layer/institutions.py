"""Use cases of host institutions: officers add hospitals and edit departments or courses. A
new code is inserted at once, so of two officers adding one code, one gets 201 and the other
409 (the primary key)."""

from diaspora_shared.contracts.vocabulary import Track

from ..domain.institutions import (
    CoursesSpec,
    DuplicateInstitution,
    Institution,
    InstitutionNotFound,
    InstitutionView,
    NewHospitalSpec,
)
from .unit_of_work import DeploymentUnitOfWork


def institution_view(institution: Institution) -> InstitutionView:
    return InstitutionView(
        code=institution.code,
        name=institution.name,
        district=institution.district,
        track=institution.track,
        courses=list(institution.courses),
    )


async def list_institutions(uow: DeploymentUnitOfWork) -> list[InstitutionView]:
    return [institution_view(i) for i in await uow.institutions.all()]


async def add_hospital(uow: DeploymentUnitOfWork, spec: NewHospitalSpec) -> InstitutionView:
    if await uow.institutions.find(spec.code, for_update=True) is not None:
        raise DuplicateInstitution(f"a host institution has the code {spec.code!r} already")
    hospital = Institution(spec.code, spec.name, spec.district, Track.HEALTH, added=True)
    hospital = hospital.with_courses(spec.departments)
    await uow.institutions.add(hospital)
    await uow.commit()
    return institution_view(hospital)


async def edit_courses(uow: DeploymentUnitOfWork, code: str, spec: CoursesSpec) -> InstitutionView:
    known = await uow.institutions.find(code, for_update=True)
    if known is None:
        raise InstitutionNotFound(f"no host institution has the code {code!r}")
    edited = known.with_courses(spec.courses)
    await uow.institutions.save(edited)
    await uow.commit()
    return institution_view(edited)
