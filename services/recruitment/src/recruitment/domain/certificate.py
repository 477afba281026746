"""What a certificate of service states: who served, where, when, and the sessions and hours on
record when the mission was completed (as deployment reported them on `MissionCompleted`)."""

from dataclasses import dataclass
from datetime import date

from diaspora_shared.contracts.reference import HOSPITALS, IPRCS

from .entitlements import MissionAccess
from .errors import StateConflict
from .model import ContactDetails


@dataclass(frozen=True)
class ServiceCertificate:
    professional_name: str
    institution_name: str
    course_or_specialty: str
    starts_on: date
    ends_on: date
    sessions: int
    hours: float
    mission_reference: str

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def certificate_of(contact: ContactDetails, mission: MissionAccess) -> ServiceCertificate:
    if not mission.completed or mission.cancelled:
        raise StateConflict(
            "a certificate is issued once the mission is completed", code="mission.not_completed"
        )
    assert mission.starts_on is not None and mission.ends_on is not None  # set on completion
    return ServiceCertificate(
        professional_name=f"{contact.given_name} {contact.family_name}",
        institution_name=institution_name(mission.institution_code or ""),
        course_or_specialty=mission.course_or_specialty or "",
        starts_on=mission.starts_on,
        ends_on=mission.ends_on,
        sessions=mission.sessions_recorded,
        hours=mission.hours_recorded,
        mission_reference=str(mission.mission_id),
    )


def institution_name(code: str) -> str:
    """The reference name of an IPRC or hospital; an institution added in deployment since
    is named by its code."""
    return next((host.name for host in (*IPRCS, *HOSPITALS) if host.code == code), code)
