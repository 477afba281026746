"""Domain errors; the HTTP layer maps each kind to its status code.

Every error carries a stable `code` (a class attribute) that clients may rely on; the message
is for people and may change.
"""


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""

    code = "recruitment.error"


class NotFoundError(DomainError):
    code = "recruitment.not_found"


class ConflictError(DomainError):
    """The request clashes with the current state (a duplicate, a closed call, a decided case)."""

    code = "recruitment.conflict"


class ForbiddenError(DomainError):
    """The actor may not touch this object."""

    code = "recruitment.forbidden"


class InvalidInputError(DomainError):
    """Well-formed input that the domain cannot accept (an unknown course, for example)."""

    code = "recruitment.invalid_input"


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
