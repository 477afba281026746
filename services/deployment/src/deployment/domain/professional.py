"""An accepted professional as deployment knows them, learned from recruitment's events:
a pseudonymous id and what matching needs; never a name or a contact."""

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from diaspora_shared.contracts.vocabulary import Language, Sex, Track

from .errors import ProfessionalNotAvailable
from .period import Period


class ProfessionalStatus(StrEnum):
    AVAILABLE = "available"
    WITHDRAWN = "withdrawn"
    ERASED = "erased"


@dataclass
class Professional:
    professional_id: UUID
    track: Track
    sex: Sex
    country_of_residence: str
    languages: tuple[Language, ...]
    courses_or_specialties: tuple[str, ...]
    availability: Period
    status: ProfessionalStatus = ProfessionalStatus.AVAILABLE
    # Keyed pseudonym of the login: the person behind one or more acceptances.
    person_ref: str | None = None

    def ensure_available(self) -> None:
        if self.status is not ProfessionalStatus.AVAILABLE:
            raise ProfessionalNotAvailable(f"the professional is {self.status.value}")
