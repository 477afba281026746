"""Who is acting. Services learn it only from the gateway's signed assertion
(:mod:`.assertions`), verified here for every request; bare identity headers mean nothing."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from ..contracts.vocabulary import Role
from .assertions import ASSERTION_HEADER, AssertedIdentity, InvalidAssertion, verify_assertion
from .logging import get_logger

CORRELATION_ID_HEADER = "X-Correlation-Id"
# Services store subjects in columns of this length; a longer one is no subject of ours.
MAX_SUBJECT_LENGTH = 200


@dataclass(frozen=True)
class Actor:
    subject: str
    role: Role
    org: str | None = None

    def is_(self, *roles: Role) -> bool:
        return self.role in roles


@dataclass(frozen=True)
class AssertionVerifier:
    """What a service needs to check assertions: its shared secret and its own name (the
    audience the gateway signs for). Without a secret every request is refused."""

    secret: str | None
    audience: str

    def verify(self, token: str | None) -> AssertedIdentity:
        if not token:
            raise InvalidAssertion("missing assertion")
        if self.secret is None:
            get_logger().error("no internal assertion secret configured; refusing request")
            raise InvalidAssertion("invalid assertion")
        return verify_assertion(self.secret, self.audience, token)


async def verified_identity(
    request: Request,
    assertion: Annotated[str | None, Header(alias=ASSERTION_HEADER)] = None,
) -> AssertedIdentity:
    verifier = getattr(request.app.state, "assertion_verifier", None)
    if not isinstance(verifier, AssertionVerifier):
        raise RuntimeError("app.state.assertion_verifier must hold an AssertionVerifier")
    try:
        return verifier.verify(assertion)
    except InvalidAssertion as error:
        raise HTTPException(status_code=401, detail=str(error)) from error


async def current_actor(
    identity: Annotated[AssertedIdentity, Depends(verified_identity)],
) -> Actor:
    try:
        role = Role(identity.role)
    except ValueError as error:
        raise HTTPException(status_code=401, detail="invalid assertion") from error
    subject = identity.subject
    if not subject or len(subject) > MAX_SUBJECT_LENGTH or not subject.isprintable():
        raise HTTPException(status_code=401, detail="the actor's subject is not acceptable")
    return Actor(subject=identity.subject, role=role, org=identity.org)


async def correlation_id(
    identity: Annotated[AssertedIdentity, Depends(verified_identity)],
) -> str:
    """The correlation id the gateway vouched for (already checked for format and length)."""
    return identity.correlation_id
