"""Signed internal assertions for tests that call a service directly, as the gateway would."""

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.assertions import (
    ASSERTION_HEADER,
    AssertedIdentity,
    new_correlation_id,
    sign_assertion,
)

TEST_ASSERTION_SECRET = "test-assertion-secret-long-enough-for-hs256-4567"
TEST_PERSON_REF_KEY = "test-person-reference-key-0123456789"


def as_actor(actor: Actor, audience: str = "recruitment") -> dict[str, str]:
    """Headers that make ``actor`` the verified caller of the service named ``audience``."""
    identity = AssertedIdentity(actor.subject, actor.role.value, actor.org, new_correlation_id())
    return {ASSERTION_HEADER: sign_assertion(TEST_ASSERTION_SECRET, audience, identity)}


def as_role(subject: str, role: Role, audience: str = "recruitment") -> dict[str, str]:
    return as_actor(Actor(subject=subject, role=role), audience)
