"""Verified tokens are remembered until they expire: a repeat costs a lookup, an expired one is
refused even though it is remembered, and a token changed in any byte is checked afresh."""

from datetime import UTC, datetime
from typing import Any

import pytest

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from gateway import auth, verified_tokens
from gateway.auth import LEEWAY_SECONDS, AuthenticationError, mint_token
from gateway.settings import GatewaySettings
from gateway.verified_tokens import VerifiedTokens

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings() -> GatewaySettings:
    return GatewaySettings(jwt_secret="s" * 64)


def test_a_repeated_token_is_answered_from_memory(settings: GatewaySettings) -> None:
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER, org="IOM-RW")
    tokens = VerifiedTokens(settings)
    first = tokens.verify(token)
    assert (first.subject, first.role, first.org) == ("officer-1", Role.IOM_OFFICER, "IOM-RW")
    assert tokens.verify(token) == first
    assert tokens.hits == 1


def test_a_remembered_token_is_checked_again_once_it_expires(
    settings: GatewaySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []

    def counted(settings: GatewaySettings, token: str) -> tuple[Actor, dict[str, Any]]:
        checks.append(token)
        return auth.verified_claims(settings, token)

    monkeypatch.setattr(verified_tokens, "verified_claims", counted)
    clock = Clock()
    tokens = VerifiedTokens(settings, clock=clock)
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER, ttl_seconds=60)
    clock.now = datetime.now(UTC).timestamp()
    tokens.verify(token)
    clock.now += 60 + LEEWAY_SECONDS - 1
    tokens.verify(token)  # still inside exp + leeway, where a verification accepts it
    assert (len(checks), tokens.hits) == (1, 1)
    clock.now += 2
    # Past it, the remembered entry is not used: the token is checked again in full (and the
    # real check, on the real clock, decides).
    tokens.verify(token)
    assert (len(checks), tokens.hits) == (2, 1)
    expired = mint_token(settings, "officer-1", Role.IOM_OFFICER, ttl_seconds=60, now=START)
    with pytest.raises(AuthenticationError):
        tokens.verify(expired)


def test_a_changed_token_is_verified_afresh(settings: GatewaySettings) -> None:
    tokens = VerifiedTokens(settings)
    token = mint_token(settings, "officer-1", Role.IOM_OFFICER)
    tokens.verify(token)
    head, payload, signature = token.split(".")
    tampered = ".".join((head, payload, ("A" if signature[0] != "A" else "B") + signature[1:]))
    with pytest.raises(AuthenticationError):
        tokens.verify(tampered)
    assert tokens.hits == 0
