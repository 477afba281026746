"""Tokens already verified, kept until they expire, so a client's next request with the same
token costs a dictionary lookup instead of a signature check and claim parsing.

Entries are keyed by a digest of the whole token, signature included: a token changed in any
way is a different key and is verified from scratch. An entry is used only inside the window
the verification accepted (not before `nbf`, before `exp`, with the same leeway), so a cached
token expires exactly when a fresh verification would refuse it. Only tokens that passed are
kept, and at most `size` of them (least recently used first out)."""

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from diaspora_shared.runtime.actors import Actor

from .auth import LEEWAY_SECONDS, needs_provider_keys, verified_claims
from .settings import GatewaySettings


@dataclass(frozen=True)
class _Verified:
    actor: Actor
    not_before: float
    expires: float


class VerifiedTokens:
    def __init__(
        self,
        settings: GatewaySettings,
        size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings, self._size, self._clock = settings, size, clock
        self._entries: OrderedDict[bytes, _Verified] = OrderedDict()
        self.hits = 0

    def verify(self, token: str) -> Actor:
        """The token's actor, or :class:`AuthenticationError` as `verify_token` raises it."""
        key = _digest(token)
        known = self._known(key)
        if known is not None:
            return known
        return self._remember(key, *verified_claims(self._settings, token))

    async def verify_off_loop(self, token: str) -> Actor:
        """As :meth:`verify`, but a provider token is checked on a worker thread: fetching the
        provider's keys is a blocking HTTP call that would stall every other request."""
        key = _digest(token)
        known = self._known(key)
        if known is not None:
            return known
        if needs_provider_keys(self._settings, token):
            checked = await asyncio.to_thread(verified_claims, self._settings, token)
        else:
            checked = verified_claims(self._settings, token)
        return self._remember(key, *checked)

    def _known(self, key: bytes) -> Actor | None:
        known = self._entries.get(key)
        if known is None:
            return None
        now = self._clock()
        if known.not_before - LEEWAY_SECONDS <= now < known.expires + LEEWAY_SECONDS:
            self.hits += 1
            self._entries.move_to_end(key)
            return known.actor
        del self._entries[key]
        return None

    def _remember(self, key: bytes, actor: Actor, claims: dict[str, Any]) -> Actor:
        self._entries[key] = _Verified(actor, _time(claims, "nbf", "iat"), _time(claims, "exp"))
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return actor


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


def _time(claims: dict[str, Any], *names: str) -> float:
    for name in names:
        if isinstance(claims.get(name), int | float):
            return float(claims[name])
    return 0.0
