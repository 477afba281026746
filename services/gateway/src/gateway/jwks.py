"""Tokens from an OpenID Connect provider: RS256, verified with the keys its JWKS URL lists.

The algorithm decides the key before anything is decoded: an RS256 token is checked only
against the provider's public keys, an HMAC token only against the gateway's own secret, so
neither key can be mistaken for the other (the algorithm-confusion attack).
"""

from datetime import timedelta
from typing import Any, Final

import jwt

JWKS_ALGORITHMS: Final = ("RS256",)
# The provider rotates keys rarely; a few minutes of cache keeps its endpoint out of each request.
JWKS_CACHE_SECONDS: Final = 300


class ProviderKeys:
    """The provider's signing keys, fetched from ``url`` and cached."""

    def __init__(self, url: str, issuer: str, audience: str) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=JWKS_CACHE_SECONDS)
        self._issuer = issuer
        self._audience = audience

    def decode(self, token: str, required: tuple[str, ...], leeway_seconds: int) -> dict[str, Any]:
        """Claims of a provider token; raises PyJWT's errors (an unknown key id among them)."""
        try:
            key = self._client.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientError as error:
            raise jwt.InvalidSignatureError("no provider key for this token") from error
        return jwt.decode(
            token,
            key.key,
            algorithms=list(JWKS_ALGORITHMS),
            issuer=self._issuer,
            audience=self._audience,
            options={"require": list(required)},
            leeway=timedelta(seconds=leeway_seconds),
        )
