"""Activity records of a running mission, and feedback on a completed one. Nothing is edited
in place: a correction is a new record that names the one it replaces, and a record is
corrected at most once (its correction may be corrected in turn)."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from diaspora_shared.domain.errors import ConflictError, InvalidInputError

from .errors import StateConflict
from .mission import RUNNING, Mission, MissionStatus, SessionTotals


class ActivityKind(StrEnum):
    TRAINING_SESSION = "training_session"
    HEALTH_SERVICE = "health_service"
    STAFF_TRAINED = "staff_trained"
    SKILLS_ASSESSMENT = "skills_assessment"
    FEEDBACK = "feedback"


class OutsideMission(InvalidInputError):
    code = "activity.outside_mission"


class UnknownCourse(InvalidInputError):
    code = "activity.unknown_course"


class BadCorrection(ConflictError):
    code = "activity.bad_correction"


@dataclass(frozen=True)
class ActivityRecord:
    record_id: UUID
    mission_id: UUID
    kind: ActivityKind
    occurred_on: date
    details: dict[str, object]
    recorded_at: datetime
    recorded_by: str
    corrects: UUID | None = None


def ensure_recordable(mission: Mission, kind: ActivityKind, occurred_on: date) -> None:
    """Activities are recorded while a mission runs, on its days; feedback once it ended."""
    if kind is ActivityKind.FEEDBACK:
        if mission.status is not MissionStatus.COMPLETED:
            raise StateConflict("feedback is given on a completed mission")
        return
    if mission.status not in RUNNING:
        raise StateConflict(f"activities are recorded while a mission runs; it is {mission.status}")
    if not mission.period.contains(occurred_on):
        raise OutsideMission(
            f"{occurred_on} is outside the mission "
            f"({mission.period.starts_on} to {mission.period.ends_on})"
        )


def ensure_course(mission: Mission, course: str, offered: tuple[str, ...]) -> None:
    if course != mission.course_or_specialty and course not in offered:
        raise UnknownCourse(f"{course!r} is neither the mission's course nor one it offers")


def ensure_correctable(
    original: ActivityRecord | None, mission_id: UUID, kind: ActivityKind, already: bool
) -> None:
    if original is None or original.mission_id != mission_id or original.kind is not kind:
        raise BadCorrection("a correction names a record of the same kind on the same mission")
    if already:
        raise BadCorrection("that record was already corrected; correct the correction")


class DayOverbooked(InvalidInputError):
    code = "activity.day_overbooked"


HOURS_IN_A_DAY = 24.0


def ensure_hours_fit_the_day(
    current: list[ActivityRecord], day: date, hours: float, replacing: UUID | None
) -> None:
    """Sessions and staff trainings of one mission on one day add up to 24 hours at most (a
    correction takes the place of the record it corrects)."""
    booked = sum(
        number_in(record, "hours")
        for record in current
        if record.occurred_on == day and record.record_id != replacing
    )
    if booked + hours > HOURS_IN_A_DAY:
        raise DayOverbooked(f"{day} already holds {booked:g} hours of activity on this mission")


def latest_versions(records: list[ActivityRecord]) -> list[ActivityRecord]:
    """Every record that no other record corrects."""
    replaced = {r.corrects for r in records if r.corrects is not None}
    return [r for r in records if r.record_id not in replaced]


def number_in(record: ActivityRecord, name: str) -> float:
    value = record.details.get(name, 0)
    return float(value) if isinstance(value, int | float) else 0.0


SESSION_KINDS = (ActivityKind.TRAINING_SESSION, ActivityKind.STAFF_TRAINED)


def totals_of(records: list[ActivityRecord]) -> SessionTotals:
    """Sessions and staff trainings on record, each counted once in its latest version."""
    sessions = [r for r in latest_versions(records) if r.kind in SESSION_KINDS]
    return SessionTotals(len(sessions), sum(number_in(r, "hours") for r in sessions))
