"""A mission: one professional at one host institution for a period. Every transition is one
command that records one event; the aggregate refuses any other move."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from diaspora_shared.contracts.events import (
    CancellationReason,
    IntegrationEvent,
    MissionCancelled,
    MissionCompleted,
    MissionConfirmed,
    MissionExtended,
    MissionPlanned,
    MissionStarted,
)
from diaspora_shared.contracts.vocabulary import Track

from .errors import LogisticsIncomplete, StateConflict
from .host_request import HostRequest
from .matching import Occupying, ensure_free, ensure_match
from .period import Period
from .professional import Professional


class MissionStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    STARTED = "started"
    EXTENDED = "extended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


RUNNING = (MissionStatus.STARTED, MissionStatus.EXTENDED)
NOT_YET_STARTED = (MissionStatus.PLANNED, MissionStatus.CONFIRMED)


@dataclass(frozen=True)
class Logistics:
    """Booked by IOM before a mission is confirmed; the allowance in integer minor units."""

    travel_booked: bool
    accommodation_booked: bool
    insured: bool
    allowance_minor_units: int
    currency: str

    def ensure_complete(self) -> None:
        missing = [
            name
            for name, done in (
                ("travel", self.travel_booked),
                ("accommodation", self.accommodation_booked),
                ("insurance", self.insured),
            )
            if not done
        ]
        if missing:
            raise LogisticsIncomplete(f"not yet arranged: {', '.join(missing)}")


@dataclass(frozen=True)
class SessionTotals:
    """Training sessions and staff trainings on record, and their hours."""

    sessions: int = 0
    hours: float = 0.0


@dataclass
class Mission:
    mission_id: UUID
    request_id: UUID
    institution_code: str
    professional_id: UUID
    track: Track
    course_or_specialty: str
    period: Period
    status: MissionStatus = MissionStatus.PLANNED
    logistics: Logistics | None = None
    cancellation: CancellationReason | None = None
    cancellation_note: str | None = None
    person_ref: str | None = None
    events: list[IntegrationEvent] = field(default_factory=list, compare=False)

    @property
    def holds_days(self) -> bool:
        return self.status is not MissionStatus.CANCELLED

    @classmethod
    def plan(
        cls,
        mission_id: UUID,
        request: HostRequest,
        professional: Professional,
        period: Period,
        missions_of_professional: Iterable[Occupying],
        missions_of_request: Iterable[Occupying],
        at: datetime,
    ) -> "Mission":
        ensure_match(request, professional, period, missions_of_professional, missions_of_request)
        mission = cls(
            mission_id=mission_id,
            request_id=request.request_id,
            institution_code=request.institution_code,
            professional_id=professional.professional_id,
            track=request.track,
            course_or_specialty=request.course_or_specialty,
            period=period,
            person_ref=professional.person_ref,
        )
        mission.events.append(
            MissionPlanned(
                **mission._identity(),
                request_id=request.request_id,
                professional_id=professional.professional_id,
                track=request.track,
                course_or_specialty=request.course_or_specialty,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                planned_at=at,
            )
        )
        return mission

    def confirm(self, logistics: Logistics, at: datetime) -> None:
        self._ensure_in(MissionStatus.PLANNED)
        logistics.ensure_complete()
        self.logistics = logistics
        self.status = MissionStatus.CONFIRMED
        self.events.append(MissionConfirmed(**self._identity(), confirmed_at=at))

    def start(self, at: datetime) -> None:
        self._ensure_in(MissionStatus.CONFIRMED)
        self.status = MissionStatus.STARTED
        self.events.append(
            MissionStarted(**self._identity(), professional_id=self.professional_id, started_at=at)
        )

    def extend(
        self,
        ends_on: date,
        professional: Professional,
        other_missions: Iterable[Occupying],
        at: datetime,
    ) -> None:
        self._ensure_in(*RUNNING)
        if ends_on <= self.period.ends_on:
            raise StateConflict(f"an extension ends after {self.period.ends_on}")
        added = Period(self.period.ends_on, ends_on)
        others = [mission for mission in other_missions if mission is not self]
        ensure_free(professional, added, others)
        previous_end = self.period.ends_on
        self.period = self.period.ending_on(ends_on)
        self.status = MissionStatus.EXTENDED
        self.events.append(
            MissionExtended(
                **self._identity(), previous_end=previous_end, ends_on=ends_on, extended_at=at
            )
        )

    def complete(self, totals: SessionTotals, at: datetime) -> None:
        self._ensure_in(*RUNNING)
        self.status = MissionStatus.COMPLETED
        self.events.append(
            MissionCompleted(
                **self._identity(),
                starts_on=self.period.starts_on,
                ends_on=self.period.ends_on,
                person_days=self.period.days,
                sessions_recorded=totals.sessions,
                hours_recorded=totals.hours,
                completed_at=at,
            )
        )

    def cancel(self, reason: CancellationReason, note: str | None, at: datetime) -> None:
        self._ensure_in(*NOT_YET_STARTED, *RUNNING)
        self.status = MissionStatus.CANCELLED
        self.cancellation, self.cancellation_note = reason, note
        self.events.append(
            MissionCancelled(
                **self._identity(),
                professional_id=self.professional_id,
                reason=reason,
                cancelled_at=at,
            )
        )

    def _ensure_in(self, *allowed: MissionStatus) -> None:
        if self.status not in allowed:
            raise StateConflict(f"the mission is {self.status.value}")

    def _identity(self) -> dict[str, object]:
        return {"mission_id": self.mission_id, "institution_code": self.institution_code}
