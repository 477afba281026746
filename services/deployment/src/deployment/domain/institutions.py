"""Host institutions: the eight IPRCs host TVET missions, the hospitals host Health missions.
The shared reference data lists the first ones; officers add hospitals and keep every
institution's departments or priority courses up to date (stored by deployment)."""

from dataclasses import dataclass, replace
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS, HostInstitution
from diaspora_shared.contracts.text import SafeLine, bounded
from diaspora_shared.contracts.vocabulary import Track
from diaspora_shared.domain.errors import ConflictError, NotFoundError

from .errors import UnknownInstitution

HOSTS_BY_TRACK: dict[Track, tuple[HostInstitution, ...]] = {
    Track.TVET: IPRCS,
    Track.HEALTH: HOSPITALS,
}
# The shape every organisation code has (the gateway checks the same on tokens).
CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,39}$"
Courses = Annotated[list[SafeLine], bounded()]


class DuplicateInstitution(ConflictError):
    code = "institution.duplicate"


class InstitutionNotFound(NotFoundError):
    code = "institution.not_found"


@dataclass(frozen=True)
class Institution:
    code: str
    name: str
    district: str
    track: Track
    courses: tuple[str, ...] = ()
    added: bool = False

    def with_courses(self, courses: list[str]) -> "Institution":
        return replace(self, courses=tuple(dict.fromkeys(courses)))


class NewHospitalSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=CODE_PATTERN, description="e.g. DH-NYAMATA")
    name: SafeLine = Field(min_length=1)
    district: SafeLine = Field(min_length=1)
    departments: Courses = Field(description="Departments that can host a mission.")


class CoursesSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    courses: Courses = Field(description="Departments (hospital) or priority courses (IPRC).")


class InstitutionView(BaseModel):
    code: str
    name: str
    district: str
    track: Track
    courses: list[str]


def reference_institution(code: str) -> Institution | None:
    for track, hosts in HOSTS_BY_TRACK.items():
        for host in hosts:
            if host.code == code:
                return Institution(host.code, host.name, host.district, track)
    return None


def reference_institutions() -> list[Institution]:
    codes = [host.code for hosts in HOSTS_BY_TRACK.values() for host in hosts]
    return [known for code in codes if (known := reference_institution(code)) is not None]


def ensure_known(institution: Institution | None, code: str) -> Institution:
    if institution is None:
        raise UnknownInstitution(f"no host institution has the code {code!r}")
    return institution


def name_of(institution_code: str) -> str:
    known = reference_institution(institution_code)
    return known.name if known else institution_code
