"""Bearer-token authentication: the gateway is the one place a token is checked.

Tokens are HMAC-signed JWTs. Verification pins the algorithm allow-list from settings, so a
token cannot choose its own algorithm ("none", or RS256 with the HMAC secret read as a public
key), and it requires the registered claims, so an anonymous or never-expiring token cannot
pass. Services do not trust the gateway's network position: it hands them a signed,
short-lived assertion of the actor instead (see ``diaspora_shared.runtime.assertions``).
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from uuid import uuid4

import jwt
from jwt.exceptions import InvalidJTIError, InvalidSubjectError

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor

from .jwks import JWKS_ALGORITHMS, ProviderKeys
from .settings import GatewaySettings

# Clocks of the machines minting and checking tokens drift a little; half a minute absorbs
# that without meaningfully extending a token's life.
LEEWAY_SECONDS: Final = 30
# Organisation codes are short upper-case codes (IPRC-KGL, CHUK, MINEDUC); which ones exist is
# for the services to know (officers add host hospitals), so the gateway checks the shape only.
ORGANISATION_CODE: Final = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")
# Subjects are stored by services as short identifiers; a longer one is not a subject we issue.
MAX_SUBJECT_LENGTH: Final = 128
REQUIRED_CLAIMS: Final = ("exp", "iat", "sub", "iss", "aud")
_ROLE_VALUES: Final = frozenset(role.value for role in Role)

# Most specific first: InvalidSignatureError is a DecodeError, and all are InvalidTokenError.
_REASONS: Final[tuple[tuple[type[jwt.InvalidTokenError], str], ...]] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.InvalidAlgorithmError, "algorithm not allowed"),
    (jwt.InvalidIssuedAtError, "invalid issued-at claim"),
    (InvalidSubjectError, "invalid subject claim"),
    (InvalidJTIError, "invalid token id claim"),
    (jwt.DecodeError, "malformed token"),
)


class AuthenticationError(Exception):
    """A token was refused; the reason is worded to be safe to return to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def mint_token(
    settings: GatewaySettings,
    subject: str,
    role: Role,
    ttl_seconds: int | None = None,
    now: datetime | None = None,
    org: str | None = None,
) -> str:
    """Sign a token for ``subject`` acting as ``role`` (for ``org``, when given) with the
    first allowed algorithm."""
    if not subject.strip():
        raise ValueError("subject must not be empty")
    if org is not None and not ORGANISATION_CODE.fullmatch(org):
        raise ValueError(f"malformed organisation {org!r}")
    ttl = settings.token_ttl_seconds if ttl_seconds is None else ttl_seconds
    if ttl <= 0:
        raise ValueError(f"ttl_seconds must be positive, got {ttl}")
    issued_at = int(_aware(now).timestamp())
    claims: dict[str, Any] = {
        "sub": subject,
        "role": Role(role).value,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + ttl,
        "jti": uuid4().hex,
    }
    if org is not None:
        claims["org"] = org
    return jwt.encode(claims, _key(settings), algorithm=settings.jwt_algorithms[0])


def verify_token(settings: GatewaySettings, token: str) -> Actor:
    """Return the actor a token speaks for, or raise :class:`AuthenticationError`."""
    return verified_claims(settings, token)[0]


def needs_provider_keys(settings: GatewaySettings, token: str) -> bool:
    """Whether checking ``token`` may fetch the provider's JWKS, which is blocking network I/O."""
    if settings.jwks_url is None:
        return False
    try:
        return jwt.get_unverified_header(token).get("alg") in JWKS_ALGORITHMS
    except jwt.InvalidTokenError:
        return False


def verified_claims(settings: GatewaySettings, token: str) -> tuple[Actor, dict[str, Any]]:
    """The actor and the claims of a token that passed every check."""
    _check_algorithm(settings, token)
    claims = _decode(settings, token)
    return _actor_from(claims), claims


def _aware(now: datetime | None) -> datetime:
    # A naive datetime would be read as local time and shift every claim by the UTC offset.
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def _key(settings: GatewaySettings) -> bytes:
    return settings.jwt_secret.get_secret_value().encode("utf-8")


def _check_algorithm(settings: GatewaySettings, token: str) -> None:
    """Refuse a foreign algorithm before any key is touched; PyJWT checks again in decode."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        # Includes headers PyJWT refuses outright, such as an unsupported "crit" extension.
        raise AuthenticationError("malformed token") from error
    algorithm = header.get("alg")
    if algorithm in settings.jwt_algorithms:
        return
    if settings.jwks_url is not None and algorithm in JWKS_ALGORITHMS:
        return
    raise AuthenticationError("algorithm not allowed")


def _decode(settings: GatewaySettings, token: str) -> dict[str, Any]:
    try:
        if jwt.get_unverified_header(token).get("alg") in JWKS_ALGORITHMS:
            return _provider_keys(settings).decode(token, REQUIRED_CLAIMS, LEEWAY_SECONDS)
        return jwt.decode(
            token,
            _key(settings),
            algorithms=settings.jwt_algorithms,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            options={"require": list(REQUIRED_CLAIMS)},
            leeway=timedelta(seconds=LEEWAY_SECONDS),
        )
    except jwt.MissingRequiredClaimError as error:
        raise AuthenticationError(f"missing required claim {error.claim!r}") from error
    except jwt.InvalidTokenError as error:
        raise AuthenticationError(_reason(error)) from error
    except (ValueError, TypeError) as error:
        raise AuthenticationError("malformed token") from error


_PROVIDERS: dict[tuple[str, str, str], ProviderKeys] = {}


def _provider_keys(settings: GatewaySettings) -> ProviderKeys:
    """One key cache per provider, kept across requests."""
    assert settings.jwks_url is not None  # _check_algorithm let an RS256 token through
    issuer = settings.jwks_issuer or settings.jwt_issuer
    audience = settings.jwks_audience or settings.jwt_audience
    identity = (settings.jwks_url, issuer, audience)
    if identity not in _PROVIDERS:
        _PROVIDERS[identity] = ProviderKeys(*identity)
    return _PROVIDERS[identity]


def _reason(error: jwt.InvalidTokenError) -> str:
    for kind, reason in _REASONS:
        if isinstance(error, kind):
            return reason
    return "invalid token"


def _actor_from(claims: dict[str, Any]) -> Actor:
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT_LENGTH:
        raise AuthenticationError("invalid subject claim")
    role = claims.get("role")
    if role is None:
        raise AuthenticationError("missing role claim")
    if not isinstance(role, str) or role not in _ROLE_VALUES:
        raise AuthenticationError("unknown role")
    org = claims.get("org")
    if org is not None and (not isinstance(org, str) or not ORGANISATION_CODE.fullmatch(org)):
        raise AuthenticationError("malformed organisation")
    return Actor(subject=subject, role=Role(role), org=org)
