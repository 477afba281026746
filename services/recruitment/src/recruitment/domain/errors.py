"""Domain errors; the HTTP layer maps each kind to its status code, and answers with the
error's `code` (stable, machine-readable) in a problem (RFC 9457); the message is for people and
may change. A subclass names a more precise case with its own `code`; a raise site may also
name one (`raise ConflictError(..., code="offer.not_open")`)."""

from diaspora_shared.domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)

__all__ = [
    "AlreadyDone",
    "ApplicationErased",
    "CallNotOpen",
    "ConflictError",
    "DomainError",
    "ForbiddenError",
    "InvalidInputError",
    "NotFoundError",
    "ReviewerNotIndependent",
    "StateConflict",
]


class ApplicationErased(ConflictError):
    """The applicant's data was erased: the application is kept for counts but is closed."""

    code = "application.erased"


class StateConflict(ConflictError):
    """The application, offer or selection is not in a state that allows the command."""

    code = "application.state_conflict"


class AlreadyDone(ConflictError):
    """The same command already took effect (a repeated or concurrent request)."""

    code = "recruitment.already_done"


class ReviewerNotIndependent(ConflictError):
    """A reviewer may not review their own application, nor any application of a call they
    applied to themselves."""

    code = "review.reviewer_not_independent"


class CallNotOpen(ConflictError):
    """The call accepts applications only inside its window."""

    code = "call.not_open"
