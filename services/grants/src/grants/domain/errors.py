"""Grants' domain errors; the HTTP layer maps each kind to a status and answers with `code`."""


class DomainError(Exception):
    code: str = "domain.refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class NotFoundError(DomainError):
    """Also raised for another project's objects: a pilot project must not learn they exist."""

    code: str = "resource.not_found"


class ConflictError(DomainError):
    code: str = "state.conflict"


class InvalidInputError(DomainError):
    code: str = "request.invalid"


class EnvelopeExceeded(ConflictError):
    code = "grant.envelope_exceeded"


class BeyondAward(ConflictError):
    code = "grant.beyond_award"


class FourEyesViolated(ConflictError):
    code = "tranche.four_eyes"


class NotApproved(ConflictError):
    code = "tranche.not_approved"


class AlreadyDisbursed(ConflictError):
    code = "tranche.already_disbursed"


class PaymentReferenceReused(ConflictError):
    code = "tranche.payment_reference_reused"


class WrongState(ConflictError):
    code = "grant.state_conflict"


class Ineligible(ConflictError):
    """Screened out: neither reviewed nor awarded; the message lists the failed rules."""

    code = "application.ineligible"
