"""Grants' domain errors, the platform's kinds (`diaspora_shared.domain.errors`) made precise;
the HTTP layer maps each kind to a status and answers with `code`. A pilot project asking for
another project's objects gets `NotFoundError`: it must not learn they exist."""

from diaspora_shared.domain.errors import (
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
)

__all__ = [
    "ConflictError",
    "DomainError",
    "InvalidInputError",
    "NotFoundError",
]


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


class ReviewerIsContact(ConflictError):
    """Nobody reviews the application of a project they are a contact person of."""

    code = "review.contact_person"
