"""Domain errors; the HTTP layer maps each kind to its status code, and answers with the
error's `code` (stable, machine-readable) in a problem (RFC 9457). A subclass names a more
precise case with its `code` (`raise ConflictError(..., code="offer.not_open")`)."""


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""

    code: str = "domain.refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    code: str = "resource.not_found"


class ConflictError(DomainError):
    """The request clashes with the current state (a duplicate, a closed call, a decided case)."""

    code: str = "state.conflict"


class ForbiddenError(DomainError):
    """The actor may not touch this object."""

    code: str = "auth.forbidden"


class InvalidInputError(DomainError):
    """Well-formed input that the domain cannot accept (an unknown course, for example)."""

    code: str = "request.invalid"
