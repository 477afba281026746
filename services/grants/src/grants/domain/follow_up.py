"""After the award: the mentor, mentoring sessions, jobs reported and verified at 6 and 12
months, and closure. Kept apart from the money rules of `grant.py`."""

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from .errors import ConflictError, InvalidInputError

MILESTONES = (6, 12)


class MentoringSession(BaseModel):
    professional_id: UUID
    held_on: date
    minutes: int
    in_person: bool
    topics: list[str]


class Jobs(BaseModel):
    total: int
    women: int
    youth: int

    def ensure_coherent(self) -> None:
        if self.women > self.total or self.youth > self.total:
            raise InvalidInputError("women and youth are counted among the total jobs")


class Milestone(BaseModel):
    reported: Jobs | None = None
    verified: Jobs | None = None
    still_operating: bool | None = None


class FollowUp(BaseModel):
    mentor_id: UUID | None = None
    mentor_needs_replacement: bool = False
    sessions: list[MentoringSession] = Field(default_factory=list)
    milestones: dict[int, Milestone] = Field(default_factory=dict)
    closed_on: date | None = None

    def assign_mentor(self, professional_id: UUID) -> None:
        if self.mentor_id == professional_id and not self.mentor_needs_replacement:
            raise ConflictError("this mentor is already assigned", code="mentor.already_assigned")
        self.mentor_id, self.mentor_needs_replacement = professional_id, False

    def mentor_left(self, professional_id: UUID) -> bool:
        """The mentor withdrew from the programme: flagged for replacement; True if it was ours."""
        if self.mentor_id != professional_id or self.mentor_needs_replacement:
            return False
        self.mentor_needs_replacement = True
        return True

    def log_session(self, session: MentoringSession) -> None:
        if self.mentor_id is None or self.mentor_needs_replacement:
            raise ConflictError("the project has no active mentor", code="mentor.none_active")
        self.sessions.append(session.model_copy(update={"professional_id": self.mentor_id}))

    def report_jobs(self, months: int, jobs: Jobs) -> None:
        jobs.ensure_coherent()
        milestone = self._milestone(months)
        if milestone.verified is not None:
            raise ConflictError("these jobs are already verified", code="jobs.already_verified")
        milestone.reported = jobs
        self.milestones[months] = milestone

    def verify_jobs(self, months: int, jobs: Jobs, still_operating: bool) -> None:
        jobs.ensure_coherent()
        milestone = self._milestone(months)
        if milestone.reported is None:
            raise ConflictError("jobs are verified after they are reported", code="jobs.unreported")
        if milestone.verified is not None:
            raise ConflictError("these jobs are already verified", code="jobs.already_verified")
        milestone.verified, milestone.still_operating = jobs, still_operating
        self.milestones[months] = milestone

    def close(self, on: date) -> None:
        final = self.milestones.get(12)
        if final is None or final.verified is None:
            raise ConflictError(
                "a grant closes after its 12-month jobs are verified", code="grant.not_closable"
            )
        self.closed_on = on

    def _milestone(self, months: int) -> Milestone:
        if self.closed_on is not None:
            raise ConflictError("the grant is closed", code="grant.closed")
        if months not in MILESTONES:
            raise InvalidInputError(f"jobs are reported at {MILESTONES} months")
        # A copy: a refused command must leave the milestone as it was.
        return self.milestones.get(months, Milestone()).model_copy(deep=True)

    def mentoring_minutes(self) -> int:
        return sum(session.minutes for session in self.sessions)
