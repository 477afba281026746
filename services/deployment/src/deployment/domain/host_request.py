"""A host institution's request for a professional: its terms of reference, which an officer
approves or returns with a reason. Only approved requests are matched."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from diaspora_shared.contracts.vocabulary import Language, Track

from .errors import StateConflict
from .period import Period


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


@dataclass
class HostRequest:
    request_id: UUID
    institution_code: str
    track: Track
    course_or_specialty: str
    expertise: str
    language: Language
    period: Period
    professionals_wanted: int
    expected_participants: int
    submitted_at: datetime
    status: RequestStatus = RequestStatus.SUBMITTED
    return_reason: str | None = None

    def approve(self) -> None:
        self._ensure_submitted()
        self.status = RequestStatus.APPROVED

    def return_to_host(self, reason: str) -> None:
        self._ensure_submitted()
        self.status = RequestStatus.RETURNED
        self.return_reason = reason

    def ensure_approved(self) -> None:
        if self.status is not RequestStatus.APPROVED:
            raise StateConflict(
                f"the request is {self.status.value}; only approved requests are matched"
            )

    def _ensure_submitted(self) -> None:
        if self.status is not RequestStatus.SUBMITTED:
            raise StateConflict(f"the request was already {self.status.value}")
