"""The kinds of refusal a service's domain raises; the HTTP layer maps each kind to a status
(`DOMAIN_ERROR_STATUSES`) and answers with the error's stable `code` in a problem (RFC 9457).
A subclass names a more precise case with its own `code`."""


class DomainError(Exception):
    """Base of every rule a domain refuses to break."""

    code: str = "domain.refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    code: str = "resource.not_found"


class ConflictError(DomainError):
    """The request clashes with the current state (a duplicate, a decided case)."""

    code: str = "state.conflict"


class ForbiddenError(DomainError):
    code: str = "auth.forbidden"


class InvalidInputError(DomainError):
    """Well-formed input the domain cannot accept (an unknown course, for example)."""

    code: str = "request.invalid"


DOMAIN_ERROR_STATUSES: dict[type[Exception], int] = {
    NotFoundError: 404,
    ForbiddenError: 403,
    ConflictError: 409,
    InvalidInputError: 422,
}
