"""Who may read a professional's name and work e-mail, learned from other services' events.

Recruitment holds the contact details; deployment and grants only know pseudonymous ids. A host
institution needs to know who is coming for the mission it confirmed, and a pilot project who its
mentor is. Each entitlement is kept as the state of its source (a mission, a grant), folded from
events that may arrive late, twice or out of order, so every rule below is order-free:

- a mission's facts (professional, institution, end) are merged as they come; the end date moves
  only with a newer extension, and a completion's end is final;
- a cancellation ends the entitlement whatever arrives after it;
- a grant's mentor is the one of the newest assignment, and a closure ends it for good.
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass
class MissionAccess:
    """What recruitment knows of one mission, from deployment's mission events."""

    mission_id: UUID
    application_id: UUID | None = None
    institution_code: str | None = None
    ends_on: date | None = None
    end_known_at: datetime | None = None
    end_final: bool = False
    confirmed: bool = False
    cancelled: bool = False
    starts_on: date | None = None
    course_or_specialty: str | None = None
    completed: bool = False
    sessions_recorded: int = 0
    hours_recorded: float = 0

    def learn_plan(
        self,
        application_id: UUID,
        institution_code: str,
        course: str,
        starts_on: date,
        ends_on: date,
    ) -> None:
        self.application_id = application_id
        self.institution_code = institution_code
        self.course_or_specialty, self.starts_on = course, starts_on
        if self.end_known_at is None and not self.end_final:
            self.ends_on = ends_on  # the plan's end, until an extension or completion says more

    def learn_confirmation(self, institution_code: str) -> None:
        self.institution_code = institution_code
        self.confirmed = True

    def learn_start(self, application_id: UUID, institution_code: str) -> None:
        self.learn_confirmation(institution_code)
        self.application_id = application_id

    def learn_extension(self, ends_on: date, at: datetime) -> None:
        if self.end_final or (self.end_known_at is not None and self.end_known_at >= at):
            return
        self.ends_on, self.end_known_at = ends_on, at

    def learn_completion(self, starts_on: date, ends_on: date, sessions: int, hours: float) -> None:
        """A completion's dates and totals are final: they are what the certificate states."""
        self.confirmed = self.completed = True
        self.ends_on, self.end_final = ends_on, True
        self.starts_on = starts_on
        self.sessions_recorded, self.hours_recorded = sessions, hours

    def learn_cancellation(self, application_id: UUID) -> None:
        self.application_id = application_id
        self.cancelled = True

    def entitles(self, org: str, application_id: UUID, today: date) -> bool:
        """The host institution of a confirmed mission, from confirmation to its last day."""
        return (
            self.confirmed
            and not self.cancelled
            and self.institution_code == org
            and self.application_id == application_id
            and self.ends_on is not None
            and today <= self.ends_on
        )


@dataclass
class MentorAccess:
    """What recruitment knows of one grant's mentor, from grants' events."""

    grant_id: UUID
    project_code: str
    application_id: UUID | None = None
    assigned_at: datetime | None = None
    closed: bool = False

    def learn_assignment(self, application_id: UUID, at: datetime) -> None:
        if self.assigned_at is not None and self.assigned_at >= at:
            return  # an older assignment arriving late: the newer mentor stays
        self.application_id, self.assigned_at = application_id, at

    def learn_closure(self) -> None:
        self.closed = True

    def entitles(self, org: str, application_id: UUID) -> bool:
        """The pilot project of an open grant, for its current mentor."""
        return (
            not self.closed and self.project_code == org and self.application_id == application_id
        )
