"""Domain errors; the HTTP layer maps each kind to its status code."""


class DomainError(Exception):
    """Base of every rule the domain refuses to break."""


class NotFoundError(DomainError):
    pass


class ConflictError(DomainError):
    """The request clashes with the current state (a duplicate, a closed call, a decided case)."""


class ForbiddenError(DomainError):
    """The actor may not touch this object."""


class InvalidInputError(DomainError):
    """Well-formed input that the domain cannot accept (an unknown course, for example)."""
