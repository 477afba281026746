"""What a certificate of service states: the mission and what was delivered on it, counting
the latest version of each record only (a corrected record gives way to its correction)."""

from dataclasses import dataclass
from datetime import date

from .activity import ActivityKind, ActivityRecord, latest_versions, number_in
from .errors import StateConflict
from .mission import Mission, MissionStatus


@dataclass(frozen=True)
class ServiceCertificate:
    mission_reference: str
    professional_reference: str
    institution_name: str
    course_or_specialty: str
    starts_on: date
    ends_on: date
    days: int
    training_sessions: int
    training_hours: float
    health_services: int
    staff_trained: int


def certificate_of(
    mission: Mission, institution_name: str, records: list[ActivityRecord]
) -> ServiceCertificate:
    if mission.status is not MissionStatus.COMPLETED:
        raise StateConflict("a certificate is issued for a completed mission")
    current = latest_versions(records)
    sessions = [r for r in current if r.kind is ActivityKind.TRAINING_SESSION]
    return ServiceCertificate(
        mission_reference=str(mission.mission_id),
        professional_reference=str(mission.professional_id),
        institution_name=institution_name,
        course_or_specialty=mission.course_or_specialty,
        starts_on=mission.period.starts_on,
        ends_on=mission.period.ends_on,
        days=mission.period.days,
        training_sessions=len(sessions),
        training_hours=sum(number_in(r, "hours") for r in sessions),
        health_services=int(
            sum(number_in(r, "count") for r in current if r.kind is ActivityKind.HEALTH_SERVICE)
        ),
        staff_trained=int(
            sum(
                number_in(r, "female") + number_in(r, "male")
                for r in current
                if r.kind is ActivityKind.STAFF_TRAINED
            )
        ),
    )
