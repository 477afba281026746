"""Internal assertions: the gateway's signed, short-lived word on who is acting.

A service never acts on identity headers anyone could send. The gateway signs an HMAC JWT for
one upstream (its audience) carrying subject, role, organisation and correlation id; the
service verifies signature, audience, issuer and expiry before it believes any of it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from uuid import uuid4

import jwt

ASSERTION_HEADER: Final = "X-Actor-Assertion"
ASSERTION_ISSUER: Final = "iom-diaspora-gateway"
ASSERTION_ALGORITHM: Final = "HS256"
ASSERTION_TTL_SECONDS: Final = 60
MIN_SECRET_BYTES: Final = 32
# The gateway and the services run on clocks that drift a little; a few seconds absorbs that
# without stretching a one-minute assertion much.
LEEWAY_SECONDS: Final = 5
_REQUIRED: Final = ("exp", "iat", "sub", "aud", "iss", "role", "cid")
_CORRELATION_ID: Final = re.compile(r"[A-Za-z0-9._-]{1,64}")


class InvalidAssertion(Exception):
    """An assertion was refused; the reason is safe to return to the caller."""


@dataclass(frozen=True)
class AssertedIdentity:
    subject: str
    role: str
    org: str | None
    correlation_id: str


def is_valid_correlation_id(value: str | None) -> bool:
    return value is not None and _CORRELATION_ID.fullmatch(value) is not None


def new_correlation_id() -> str:
    return uuid4().hex


def sign_assertion(
    secret: str,
    audience: str,
    identity: AssertedIdentity,
    *,
    ttl_seconds: int = ASSERTION_TTL_SECONDS,
    now: datetime | None = None,
) -> str:
    issued_at = int((now or datetime.now(UTC)).timestamp())
    claims: dict[str, Any] = {
        "iss": ASSERTION_ISSUER,
        "aud": audience,
        "sub": identity.subject,
        "role": identity.role,
        "org": identity.org,
        "cid": identity.correlation_id,
        "iat": issued_at,
        "exp": issued_at + ttl_seconds,
        "jti": uuid4().hex,
    }
    return jwt.encode(claims, secret.encode("utf-8"), algorithm=ASSERTION_ALGORITHM)


def verify_assertion(secret: str, audience: str, token: str) -> AssertedIdentity:
    """The identity an assertion carries, or :class:`InvalidAssertion`."""
    try:
        claims = jwt.decode(
            token,
            secret.encode("utf-8"),
            algorithms=[ASSERTION_ALGORITHM],
            audience=audience,
            issuer=ASSERTION_ISSUER,
            options={"require": list(_REQUIRED)},
            leeway=timedelta(seconds=LEEWAY_SECONDS),
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidAssertion("assertion expired") from error
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        # Any other defect (forged, foreign audience, malformed, critical extensions) is one
        # answer: the caller learns nothing about which check failed.
        raise InvalidAssertion("invalid assertion") from error
    return _identity_from(claims)


def _identity_from(claims: dict[str, Any]) -> AssertedIdentity:
    subject, role, org, correlation = (claims.get(k) for k in ("sub", "role", "org", "cid"))
    if not isinstance(subject, str) or not subject or not isinstance(role, str):
        raise InvalidAssertion("invalid assertion")
    if org is not None and not isinstance(org, str):
        raise InvalidAssertion("invalid assertion")
    if not isinstance(correlation, str) or not is_valid_correlation_id(correlation):
        raise InvalidAssertion("invalid assertion")
    return AssertedIdentity(subject=subject, role=role, org=org, correlation_id=correlation)
